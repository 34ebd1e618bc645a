import type { ReactNode } from "react";
import type { Finetune } from "@/lib/api/types";
import { formatDateTime } from "@/lib/finetunes/format";

function yesNo(v: boolean | null): string {
  return v === null ? "unknown" : v ? "on" : "off";
}

/** Every training parameter as sent to BFL ("unknown" where BFL did not tell us, e.g. made elsewhere). */
export function FinetuneParams({ finetune: f }: { finetune: Finetune }) {
  const rows: [string, ReactNode][] = [
    [
      "Trigger word",
      <code key="t" className="font-mono">
        {f.trigger_word}
      </code>,
    ],
    ["Mode", f.mode],
    ["Type", f.finetune_type],
    // A full finetune is extracted into a LoRA afterwards, so its rank matters there too (the guide).
    [
      "LoRA rank",
      f.lora_rank === null
        ? "unknown"
        : f.finetune_type === "full"
          ? `${f.lora_rank} (of the extracted LoRA)`
          : f.lora_rank,
    ],
    ["Iterations", f.iterations ?? "unknown"],
    ["Learning rate", f.learning_rate ?? "unknown"],
    ["Priority", f.priority ?? "unknown"],
    ["Auto-captioning", yesNo(f.captioning)],
    ["Region", f.region],
    ["Training images", f.image_count ?? "unknown"],
    ["Source", f.source === "dashboard" ? "Created with this dashboard" : "Found in your BFL account"],
    [
      "Created",
      <time key="c" dateTime={f.created_at}>
        {formatDateTime(f.created_at)}
      </time>,
    ],
    [
      "Updated",
      <time key="u" dateTime={f.updated_at}>
        {formatDateTime(f.updated_at)}
      </time>,
    ],
  ];
  return (
    <section
      aria-labelledby="params-heading"
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="params-heading" className="font-semibold">
        Parameters
      </h2>
      <dl
        className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-2"
        data-testid="finetune-params"
      >
        {rows.map(([label, value]) => (
          <div
            key={label}
            className="flex justify-between gap-3 border-b border-zinc-100 pb-1 dark:border-zinc-800"
          >
            <dt className="text-zinc-600 dark:text-zinc-400">{label}</dt>
            <dd className="text-right font-medium break-all">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
