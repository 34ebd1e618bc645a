"use client";

import { PageError } from "@/components/ui/page-error";

export default function PlaygroundError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="The playground failed to show"
      reassurance="Your images are safe in the gallery."
      reset={reset}
    />
  );
}
