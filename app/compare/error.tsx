"use client";

import { PageError } from "@/components/ui/page-error";

export default function CompareError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="The comparison failed to show"
      reassurance="Its images are safe in the gallery."
      reset={reset}
    />
  );
}
