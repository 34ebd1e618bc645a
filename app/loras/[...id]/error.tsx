"use client";

import { LoadError } from "@/components/finetunes/list-states";

/** A render error on a LoRA's page: show it with a retry instead of a blank page. */
export default function LoraError({ error, reset }: { error: Error; reset: () => void }) {
  return <LoadError title="This LoRA failed to show" message={error.message} onRetry={reset} />;
}
