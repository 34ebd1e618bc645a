"use client";

import { type ComponentProps, type ReactNode, type RefObject, useEffect, useId, useRef } from "react";
import { cn } from "./cn";

/**
 * The one modal shell, on the native <dialog>: shown with `showModal()` while `open` (focus is trapped,
 * the page behind is inert), closed when `open` turns false, and focus returns to the opener. Every other
 * prop (label, key handling, classes) goes to the <dialog>. `ref` reaches the <dialog> itself.
 */
export function DialogShell({
  open = true,
  ref,
  className,
  children,
  ...props
}: Omit<ComponentProps<"dialog">, "open" | "ref"> & {
  open?: boolean;
  ref?: RefObject<HTMLDialogElement | null>;
}) {
  const own = useRef<HTMLDialogElement>(null);
  const inner = ref ?? own;
  useEffect(() => {
    const dialog = inner.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open, inner]);
  return (
    <dialog ref={inner} className={cn("m-auto backdrop:bg-black/50", className)} {...props}>
      {children}
    </dialog>
  );
}

/**
 * A small titled modal (see DialogShell): Escape cancels (unless `busy`). The body and the buttons are
 * the caller's.
 */
export function Modal({
  open,
  title,
  busy = false,
  onCancel,
  testId,
  children,
}: {
  open: boolean;
  title: string;
  busy?: boolean;
  onCancel: () => void;
  testId?: string;
  children: ReactNode;
}) {
  const titleId = useId();
  return (
    <DialogShell
      open={open}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
      className="w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <h2 id={titleId} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </DialogShell>
  );
}
