import Link from "next/link";
import { buttonStyles } from "@/components/ui/button-styles";
import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder cards while the list loads. */
export function FinetuneListSkeleton({ count = 3 }: { count?: number }) {
  return (
    <div
      aria-busy="true"
      aria-label="Loading finetunes"
      role="status"
      className="grid gap-4 lg:grid-cols-2"
      data-testid="finetune-list-loading"
    >
      {Array.from({ length: count }, (_, i) => `placeholder-${i}`).map((key) => (
        <div
          key={key}
          className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <Skeleton className="h-5 w-1/2" />
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-3/4" />
          <Skeleton className="h-2 w-full" />
        </div>
      ))}
    </div>
  );
}

/** No finetune at all: the way forward is to make one. */
export function FinetuneListEmpty() {
  return (
    <div
      className="rounded-lg border border-dashed border-zinc-300 p-8 text-center dark:border-zinc-700"
      data-testid="finetune-list-empty"
    >
      <h2 className="text-lg font-semibold">No finetunes yet</h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Train FLUX Pro on 1 to 20 of your own images (the 2024-2025 beta; the simulator still trains), or add
        a FLUX.2 [klein] LoRA you uploaded in BFL's dashboard with <strong>Add LoRA</strong>. Training shows
        up here with live progress.
      </p>
      <Link href="/new" className={`${buttonStyles.primary} mt-4`}>
        New finetune
      </Link>
    </div>
  );
}

/** A finetune or LoRA page whose subject does not exist: say so and lead back to the list. */
export function DetailNotFound({ title, message }: { title: string; message: string }) {
  return (
    <div className="space-y-3" data-testid="finetune-not-found">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="text-sm">{message}</p>
      <Link href="/finetunes" className="font-semibold text-brand-700 underline dark:text-brand-100">
        Back to all finetunes
      </Link>
    </div>
  );
}

/** The list could not load: say why and offer a retry (never a blank page). */
export function LoadError({
  title,
  message,
  onRetry,
  retrying = false,
}: {
  title: string;
  message: string;
  onRetry: () => void;
  retrying?: boolean;
}) {
  return (
    <div
      role="alert"
      data-testid="load-error"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <h2 className="font-semibold">{title}</h2>
      <p className="mt-1 text-sm">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        disabled={retrying}
        className={`${buttonStyles.secondary} mt-3`}
      >
        {retrying ? "Retrying…" : "Retry"}
      </button>
    </div>
  );
}
