"use client";

import { PageError } from "@/components/ui/page-error";

export default function NewFinetuneError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="The dataset studio failed to show"
      reassurance="Your draft is kept in this browser; try again to get it back."
      reset={reset}
    />
  );
}
