"use client";

import Link from "next/link";
import { useId, useMemo, useState } from "react";
import { FIELD_INPUT } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import type { PlaygroundChoice } from "@/lib/playground/choices";

/** Pick a Ready finetune or a LoRA; the search box filters by name, trigger word, mode or base model. */
export function FinetunePicker({
  choices: finetunes,
  live,
  value,
  onChange,
  unreachable = null,
}: {
  choices: PlaygroundChoice[];
  live: boolean;
  value: string;
  onChange: (id: string) => void;
  /** BFL's answer was missing (the list holds only this dashboard's records): why, in plain words. */
  unreachable?: string | null;
}) {
  const [query, setQuery] = useState("");
  // An id that is not offered (a deleted finetune) is shown as no choice, never as another finetune.
  const known = finetunes.some((f) => f.id === value);
  const searchId = useId();
  const selectId = useId();
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    const hits = q
      ? finetunes.filter((f) => `${f.label} ${f.detail} ${f.trigger ?? ""}`.toLowerCase().includes(q))
      : finetunes;
    // Keep the current choice listed so the select never silently changes value.
    const current = finetunes.find((f) => f.id === value);
    return current && !hits.includes(current) ? [current, ...hits] : hits;
  }, [finetunes, query, value]);

  const unreachableNote = unreachable ? (
    <p
      role="alert"
      data-testid="bfl-unreachable"
      className="mb-2 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
    >
      BFL could not be reached: {unreachable} Only the finetunes this dashboard created are listed; the page
      tries again on its own.
    </p>
  ) : null;
  if (finetunes.length === 0 && unreachableNote) return unreachableNote;
  if (finetunes.length === 0) {
    return (
      <p
        data-testid="no-ready-finetunes"
        className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
      >
        No finetune or LoRA is ready yet.{" "}
        {live ? (
          <>
            Train a FLUX.2 [klein] LoRA on your own GPU (
            <Link href="/new" className="font-semibold underline">
              export a dataset
            </Link>
            ), upload it at BFL, then add it on the{" "}
            <Link href="/finetunes" className="font-semibold underline">
              finetunes page
            </Link>
            .
          </>
        ) : (
          <>
            <Link href="/new" className="font-semibold underline">
              Train one
            </Link>
            , add a LoRA or watch training on the{" "}
            <Link href="/finetunes" className="font-semibold underline">
              finetunes page
            </Link>
            .
          </>
        )}
      </p>
    );
  }
  return (
    <div>
      {unreachableNote}
      <div className="grid gap-2 sm:grid-cols-2">
        <div>
          <label htmlFor={searchId} className="block text-sm font-medium">
            Search finetunes
          </label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Name, trigger word or base model"
            data-testid="finetune-search"
            className={`mt-1 w-full ${FIELD_INPUT}`}
          />
        </div>
        <div>
          <label htmlFor={selectId} className="block text-sm font-medium">
            Finetune
          </label>
          <Select
            id={selectId}
            value={known ? value : ""}
            onChange={(e) => onChange(e.target.value)}
            data-testid="finetune-select"
            className="mt-1 w-full"
            options={shown.map((f) => ({ value: f.id, label: `${f.label} · ${f.detail}` }))}
          >
            {!known && <option value="">Choose a finetune…</option>}
          </Select>
          {query && shown.length === 0 && (
            <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">No finetune matches “{query}”.</p>
          )}
        </div>
      </div>
    </div>
  );
}
