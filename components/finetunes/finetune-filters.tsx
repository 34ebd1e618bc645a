"use client";

import { Select } from "@/components/ui/select";
import { finetuneStatusSchema } from "@/lib/api/types";
import { FINETUNE_MODES } from "@/lib/bfl";
import type { FinetuneFilter } from "@/lib/finetunes/filter";
import { statusPresentation } from "@/lib/finetunes/status";

const FIELD =
  "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-600 dark:bg-zinc-900";

/** Search box and the status and mode filters above the list. */
export function FinetuneFilters({
  value,
  onChange,
}: {
  value: FinetuneFilter;
  onChange: (next: FinetuneFilter) => void;
}) {
  return (
    <search className="grid grid-cols-2 items-end gap-3 sm:flex sm:flex-wrap">
      <label className="col-span-2 flex min-w-48 flex-1 flex-col gap-1 text-sm font-medium">
        Search
        <input
          type="search"
          value={value.query}
          onChange={(e) => onChange({ ...value, query: e.target.value })}
          placeholder="Comment or trigger word"
          data-testid="finetune-search"
          className={FIELD}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Status
        <Select
          value={value.status}
          onChange={(e) => {
            const parsed = finetuneStatusSchema.safeParse(e.target.value);
            onChange({ ...value, status: parsed.success ? parsed.data : "all" });
          }}
          data-testid="finetune-status-filter"
          className={FIELD}
          options={finetuneStatusSchema.options.map((s) => ({
            value: s,
            label: statusPresentation(s).label,
          }))}
        >
          <option value="all">All statuses</option>
        </Select>
      </label>
      <label className="flex flex-col gap-1 text-sm font-medium">
        Mode
        <Select
          value={value.mode}
          onChange={(e) => onChange({ ...value, mode: e.target.value })}
          data-testid="finetune-mode-filter"
          className={FIELD}
          options={FINETUNE_MODES.map((m) => ({ value: m, label: m }))}
        >
          <option value="all">All modes</option>
        </Select>
      </label>
    </search>
  );
}
