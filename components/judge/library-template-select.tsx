"use client";

import { useId } from "react";
import { FIELD_INPUT } from "@/components/dataset/form-field";
import { promptListOptions } from "@/lib/queries/prompts";
import { useQuery } from "@/lib/queries/use-query";

/** Take a prompt from the library as it is saved, `[trigger]` and all (for comparisons). */
export function LibraryTemplateSelect({ onPick }: { onPick: (template: string) => void }) {
  const library = useQuery(promptListOptions());
  const id = useId();
  const prompts = library.data ?? [];
  if (prompts.length === 0) return null;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        Or take one from the prompt library
      </label>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const p = prompts.find((x) => x.id === e.target.value);
          if (p) onPick(p.text);
        }}
        className={`mt-1 ${FIELD_INPUT}`}
        data-testid="compare-library"
      >
        <option value="">Choose a saved prompt…</option>
        {prompts.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
    </div>
  );
}
