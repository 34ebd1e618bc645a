"use client";

import { PageError } from "@/components/ui/page-error";

export default function FinetunesError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="The finetunes failed to show"
      reassurance="Your finetunes are safe at BFL; try again to see them."
      reset={reset}
    />
  );
}
