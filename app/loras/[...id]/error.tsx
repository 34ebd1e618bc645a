"use client";

import { PageError } from "@/components/ui/page-error";

/** A render error on a LoRA's page: show it with a retry instead of a blank page. */
export default function LoraError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="This LoRA failed to show"
      reassurance="The LoRA itself is not affected; try again to see it."
      reset={reset}
    />
  );
}
