"use client";

import { PageError } from "@/components/ui/page-error";

export default function LedgerError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="The spend ledger failed to show"
      reassurance="Nothing was charged by this page."
      reset={reset}
    />
  );
}
