import type { Finetune } from "@/lib/api/types";

/** A failed training's reason in plain words, and what to do next. */
export function ErrorReason({ finetune: f }: { finetune: Finetune }) {
  if (f.status !== "Error") return null;
  return (
    <div
      role="alert"
      data-testid="finetune-error"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="font-semibold">Training failed</p>
      <p className="mt-1" data-testid="finetune-error-reason">
        {f.error ?? "BFL did not give a reason."}
      </p>
      <p className="mt-2">
        No images can be generated with it. Check the dataset, then use &quot;Retrain with changes&quot; to
        try again.
      </p>
    </div>
  );
}
