import type { Generation } from "@/lib/api/types";
import { generationProblem, type Problem, statusText } from "@/lib/playground/messages";

/** Indeterminate progress while BFL works: moving stripes plus the words (never colour alone). */
export function PendingView({ status }: { status: Generation["status"] | "Submitting" }) {
  const text = status === "Submitting" ? "Sending…" : statusText(status);
  return (
    <div
      className="flex h-full min-h-32 flex-col items-center justify-center gap-2 p-3"
      data-testid="tile-pending"
    >
      <div
        role="progressbar"
        aria-label="Image in progress"
        aria-valuetext={text}
        className="h-2 w-3/4 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700"
      >
        <div className="h-full w-1/3 animate-pulse rounded-full bg-brand-600 motion-safe:animate-[pulse_1s_ease-in-out_infinite] dark:bg-brand-500" />
      </div>
      <p className="text-sm text-zinc-700 dark:text-zinc-300">{text}</p>
    </div>
  );
}

const TONE: Record<Problem["kind"], string> = {
  moderated:
    "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100",
  credits: "border-red-300 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100",
  error: "border-red-300 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100",
};

export function ProblemView({ problem }: { problem: Problem }) {
  return (
    <div
      role="status"
      className={`flex h-full min-h-32 flex-col justify-center gap-1 border p-3 text-sm ${TONE[problem.kind]}`}
      data-testid="tile-problem"
      data-kind={problem.kind}
    >
      <p className="font-semibold">{problem.title}</p>
      <p>{problem.message}</p>
    </div>
  );
}

export function problemOf(g: Pick<Generation, "status" | "error">): Problem | null {
  return generationProblem(g);
}
