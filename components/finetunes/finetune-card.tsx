import Link from "next/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import type { Finetune } from "@/lib/api/types";
import { formatDateTime } from "@/lib/finetunes/format";
import { FinetuneProgress } from "./finetune-progress";
import { FinetuneThumbnails } from "./finetune-thumbnails";
import { StatusBadge } from "./status-badge";

function typeLabel(f: Finetune): string {
  return f.finetune_type === "lora" && f.lora_rank !== null
    ? `LoRA rank ${f.lora_rank}`
    : f.finetune_type === "lora"
      ? "LoRA"
      : "Full";
}

/** One finetune in the list: the comment is the name people recognise; the id stays on the details page. */
export function FinetuneCard({ finetune: f }: { finetune: Finetune }) {
  const name = f.finetune_comment || "Untitled finetune";
  return (
    <li
      data-testid="finetune-card"
      data-finetune-id={f.id}
      data-status={f.status}
      className="relative rounded-lg border border-zinc-200 bg-white p-4 shadow-sm focus-within:ring-2 focus-within:ring-brand-500 hover:border-brand-500 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 className="min-w-0 text-base font-semibold break-words">
          {/* The whole card is clickable through this link's overlay. */}
          <Link
            href={`/finetunes/${encodeURIComponent(f.id)}`}
            className="after:absolute after:inset-0 focus-visible:outline-none"
          >
            {name}
          </Link>
        </h2>
        <div className="flex flex-wrap items-center gap-1.5">
          {f.region_mismatch ? (
            <Badge
              tone="warning"
              testId="region-mismatch-badge"
              title={`Trained in ${f.region}: cannot be used with the region this dashboard is set to`}
            >
              Other region ({f.region})
            </Badge>
          ) : null}
          <StatusBadge status={f.status} />
        </div>
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
        <Field label="Trigger word" value={<code className="font-mono">{f.trigger_word}</code>} />
        <Field label="Mode" value={f.mode} />
        <Field label="Type" value={typeLabel(f)} />
        <Field label="Iterations" value={f.iterations ?? "unknown"} />
        <Field label="Region" value={f.region_mismatch ? `${f.region} (other region)` : f.region} />
        <Field label="Created" value={<time dateTime={f.created_at}>{formatDateTime(f.created_at)}</time>} />
      </dl>
      {f.region_mismatch ? (
        <p className="mt-2 text-sm text-amber-900 dark:text-amber-200" data-testid="region-mismatch-note">
          Trained in {f.region}; this dashboard is set to another region, so it cannot generate with it.
        </p>
      ) : null}
      {f.status === "Error" && f.error ? (
        <p className="mt-2 text-sm text-red-800 dark:text-red-300">
          <span className="font-semibold">Reason:</span> {f.error}
        </p>
      ) : null}
      <div className="mt-3 space-y-3">
        <FinetuneProgress finetune={f} />
        {f.has_dataset ? <FinetuneThumbnails urls={f.thumbnails} total={f.image_count} /> : null}
      </div>
    </li>
  );
}

/** One label and value of a card's facts (finetune and LoRA cards). */
export function Field({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="break-words">{value}</dd>
    </div>
  );
}
