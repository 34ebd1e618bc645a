"use client";

import { LoadError } from "@/components/finetunes/list-states";

/** A render error in this segment: show it with a retry instead of a blank page. */
export default function FinetunesError({ error, reset }: { error: Error; reset: () => void }) {
  return <LoadError title="This page failed to show" message={error.message} onRetry={reset} />;
}
