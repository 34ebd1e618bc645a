"use client";

import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { Select } from "@/components/ui/select";
import { promptListOptions } from "@/lib/queries/prompts";

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
      <Select
        id={id}
        value=""
        onChange={(e) => {
          const p = prompts.find((x) => x.id === e.target.value);
          if (p) onPick(p.text);
        }}
        className="mt-1"
        data-testid="compare-library"
        options={prompts.map((p) => ({ value: p.id, label: p.title }))}
      >
        <option value="">Choose a saved prompt…</option>
      </Select>
    </div>
  );
}
