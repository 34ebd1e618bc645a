"use client";

/** A render error in the gallery: plain words and a retry, never a stack trace. */
export default function GalleryError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
    >
      <h1 className="text-lg font-semibold">The gallery failed to show</h1>
      <p className="text-sm">
        Something went wrong while drawing this page. Your images are safe on the dashboard.
      </p>
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
