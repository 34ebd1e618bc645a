import type { ProgressView } from "./progress";

/** "45 s", "12 min", "1 h 5 min": rounded the way a person reads a wait. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

export function formatPercent(value: number): string {
  return `${Math.floor(value * 100)}%`;
}

/** The words beside a progress bar; the bar alone (colour, length) is never the only signal. */
export function progressText(view: ProgressView): { main: string; detail: string | null } {
  switch (view.kind) {
    case "ready":
      return { main: "100%", detail: null };
    case "failed":
      return { main: "Training failed", detail: null };
    case "queued":
      return { main: "Waiting for a free BFL slot", detail: null };
    case "bfl":
      return { main: formatPercent(view.value ?? 0), detail: etaText(view.etaMs) };
    case "estimate": {
      const basis =
        view.historyCount > 0
          ? `based on ${view.historyCount} earlier finetune${view.historyCount === 1 ? "" : "s"}`
          : view.paceSource === "simulator"
            ? "based on the simulator's stated pace"
            : "based on iterations and priority (BFL's pace is assumed)";
      return {
        main: `${formatPercent(view.value ?? 0)} (estimate)`,
        detail: `${etaText(view.etaMs)}, ${basis}`,
      };
    }
  }
}

function etaText(etaMs: number | null): string {
  if (etaMs === null) return "time left unknown";
  if (etaMs < 5_000) return "finishing soon, taking longer than expected";
  return `about ${formatDuration(etaMs)} left`;
}

/** Local date and time, short. Server timestamps are ISO strings. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}
