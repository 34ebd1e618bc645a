import type { Finetune, FinetuneStatus } from "@/lib/api/types";

export interface FinishedTransition {
  finetune: Finetune;
  outcome: "Ready" | "Error";
}

/**
 * Finetunes that were unfinished at the previous look and are Ready or Error now. Those seen for the first
 * time already finished (on page load) are not news and are not reported.
 */
export function findFinished(
  previous: ReadonlyMap<string, FinetuneStatus>,
  current: readonly Finetune[],
): FinishedTransition[] {
  const out: FinishedTransition[] = [];
  for (const f of current) {
    const before = previous.get(f.id);
    if (before !== "Queued" && before !== "Pending") continue;
    if (f.status === "Ready" || f.status === "Error") out.push({ finetune: f, outcome: f.status });
  }
  return out;
}

export function statusMap(list: readonly Finetune[]): Map<string, FinetuneStatus> {
  return new Map(list.map((f) => [f.id, f.status]));
}

/** The words of the toast and the browser notification. */
export function finishedMessage(t: FinishedTransition): { title: string; body: string } {
  const name = t.finetune.finetune_comment || t.finetune.id;
  return t.outcome === "Ready"
    ? { title: `Finetune "${name}" is ready`, body: "Open it in the playground to try it." }
    : { title: `Finetune "${name}" failed`, body: t.finetune.error ?? "BFL did not say why." };
}
