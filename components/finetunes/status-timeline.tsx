import type { Finetune } from "@/lib/api/types";
import { creditsToUsd } from "@/lib/bfl/pricing";
import { formatDateTime, formatDuration } from "@/lib/finetunes/format";
import { timelineSteps, trainingSummary } from "@/lib/finetunes/timeline";

const DOT = {
  done: "bg-brand-600 border-brand-600",
  current: "bg-white border-brand-600 dark:bg-zinc-900",
  upcoming: "bg-white border-zinc-300 dark:bg-zinc-900 dark:border-zinc-600",
} as const;

/** Queued → Pending → Ready/Error, with the time each was reached. */
export function StatusTimeline({ finetune }: { finetune: Finetune }) {
  const steps = timelineSteps(finetune);
  const summary = trainingSummary(finetune);
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
      <dl
        className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 border-t border-zinc-200 pt-3 text-sm dark:border-zinc-800"
        data-testid="training-summary"
      >
        <dt className="text-zinc-600 dark:text-zinc-400">Duration</dt>
        <dd data-testid="training-duration">
          {summary.durationMs !== null
            ? formatDuration(summary.durationMs)
            : finetune.status === "Queued" || finetune.status === "Pending"
              ? "Still training"
              : "Not recorded"}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">Credits</dt>
        <dd data-testid="training-credits">
          {summary.credits !== null
            ? `${summary.credits} credits (${creditsToUsd(summary.credits)}, BFL's listed price)`
            : "Unknown (iterations not reported)"}
        </dd>
      </dl>
    </section>
  );
}
