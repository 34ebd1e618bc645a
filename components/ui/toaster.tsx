"use client";

import Link from "next/link";
import { useSyncExternalStore } from "react";
import { dismissToast, getServerToasts, getToasts, subscribeToasts, type ToastTone } from "./toast-store";

const TONES: Record<ToastTone, string> = {
  info: "border-zinc-300 dark:border-zinc-600",
  success: "border-emerald-500 dark:border-emerald-500",
  error: "border-red-500 dark:border-red-500",
};
const ICONS: Record<ToastTone, string> = { info: "ℹ", success: "✓", error: "✕" };

/** Renders the toasts of `toast()`; mount once in the root layout. A polite live region announces them. */
export function Toaster() {
  const toasts = useSyncExternalStore(subscribeToasts, getToasts, getServerToasts);
  return (
    <section
      aria-label="Notifications"
      aria-live="polite"
      className="pointer-events-none fixed inset-x-0 bottom-0 z-50 flex flex-col items-center gap-2 p-4 sm:items-end"
    >
      {toasts.map((t) => (
        <div
          key={t.id}
          role="status"
          data-testid="toast"
          className={`pointer-events-auto flex w-full max-w-sm items-start gap-3 rounded-lg border-l-4 bg-white p-3 text-sm shadow-lg ring-1 ring-zinc-200 dark:bg-zinc-900 dark:ring-zinc-700 ${TONES[t.tone]}`}
        >
          <span aria-hidden="true" className="mt-0.5 font-bold">
            {ICONS[t.tone]}
          </span>
          <div className="min-w-0 flex-1">
            <p className="font-semibold break-words">{t.title}</p>
            {t.body ? <p className="mt-0.5 break-words text-zinc-600 dark:text-zinc-300">{t.body}</p> : null}
            {t.action ? (
              <Link
                href={t.action.href}
                className="mt-1 inline-block font-semibold text-brand-700 underline dark:text-brand-100"
              >
                {t.action.label}
              </Link>
            ) : null}
          </div>
          <button
            type="button"
            onClick={() => dismissToast(t.id)}
            aria-label="Dismiss notification"
            className="rounded px-1 text-zinc-500 hover:text-zinc-900 dark:hover:text-zinc-100"
          >
            ✕
          </button>
        </div>
      ))}
    </section>
  );
}
