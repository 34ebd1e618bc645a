"use client";

import Link from "next/link";
import { CompareForm } from "./compare-form";
import { CompareGrid } from "./compare-grid";

/** `/compare`: the result of `?id=` when given, and the form for a new comparison. */
export function CompareView({ id }: { id: string | null }) {
  return (
    <div className="space-y-6">
      {id && <CompareGrid id={id} />}
      {id && (
        <p className="text-sm">
          Kept in the{" "}
          <Link href="/gallery" className="underline">
            gallery
          </Link>{" "}
          as one group.
        </p>
      )}
      <CompareForm />
    </div>
  );
}
