"use client";

import { PageError } from "@/components/ui/page-error";

export default function FinetuneError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="This finetune failed to show"
      reassurance="The finetune itself is not affected; try again to see it."
      reset={reset}
    />
  );
}
