"use client";

/** A route segment's render error: plain words and a retry, never a stack trace. */
export function PageError({
  title,
  reassurance,
  reset,
}: {
  title: string;
  reassurance: string;
  reset: () => void;
}) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
    >
      <h1 className="text-lg font-semibold">{title}</h1>
      <p className="text-sm">Something went wrong while drawing this page. {reassurance}</p>
      <button
        type="button"
        onClick={reset}
        className="mt-2 rounded-md border px-3 py-1 text-sm font-semibold"
      >
        Try again
      </button>
    </div>
  );
}
