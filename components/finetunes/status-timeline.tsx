import type { Finetune } from "@/lib/api/types";
import { formatDateTime } from "@/lib/finetunes/format";
import { timelineSteps } from "@/lib/finetunes/timeline";

const DOT = {
  done: "bg-brand-600 border-brand-600",
  current: "bg-white border-brand-600 dark:bg-zinc-900",
  upcoming: "bg-white border-zinc-300 dark:bg-zinc-900 dark:border-zinc-600",
} as const;

/** Queued → Pending → Ready/Error, with the time each was reached. */
export function StatusTimeline({ finetune }: { finetune: Finetune }) {
  const steps = timelineSteps(finetune);
  return (
    <section
      aria-labelledby="timeline-heading"
      className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="timeline-heading" className="font-semibold">
        Status timeline
      </h2>
      <ol className="mt-3 space-y-3" data-testid="status-timeline">
        {steps.map((s) => (
          <li
            key={s.status}
            data-testid="timeline-step"
            data-status={s.status}
            data-state={s.state}
            aria-current={s.state === "current" ? "step" : undefined}
            className="flex items-start gap-3"
          >
            <span
              aria-hidden="true"
              className={`mt-1 size-3 shrink-0 rounded-full border-2 ${s.status === "Error" ? "border-red-600 bg-red-600" : DOT[s.state]}`}
            />
            <div className="text-sm">
              <p className="font-medium">
                {s.label}
                <span className="sr-only">
                  {s.state === "upcoming" ? " (not reached yet)" : s.state === "current" ? " (now)" : ""}
                </span>
              </p>
              <p className="text-zinc-600 dark:text-zinc-400">
                {s.at ? (
                  <time dateTime={s.at}>{formatDateTime(s.at)}</time>
                ) : s.state === "upcoming" ? (
                  "Not yet"
                ) : (
                  "Time not recorded"
                )}
              </p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
