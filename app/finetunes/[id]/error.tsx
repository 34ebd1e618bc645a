"use client";

import { LoadError } from "@/components/finetunes/list-states";

/** A render error on the details page: show it with a retry instead of a blank page. */
export default function FinetuneError({ error, reset }: { error: Error; reset: () => void }) {
  return <LoadError title="This finetune failed to show" message={error.message} onRetry={reset} />;
}
