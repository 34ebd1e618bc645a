"use client";

import { PageError } from "@/components/ui/page-error";

export default function PromptsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="The prompt library failed to show"
      reassurance="Your saved prompts are safe on the dashboard."
      reset={reset}
    />
  );
}
