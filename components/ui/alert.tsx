import { cva } from "class-variance-authority";
import type { ReactNode } from "react";
import { cn } from "./cn";

const alertVariants = cva("rounded-lg border p-4", {
  variants: {
    tone: {
      danger: "border-red-300 bg-red-50 text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100",
      warning:
        "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100",
      info: "border-sky-300 bg-sky-50 text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-100",
    },
  },
  defaultVariants: { tone: "danger" },
});

/**
 * A boxed message. Danger is announced at once (`role="alert"`); warning and info are polite
 * (`role="status"`). The words carry the meaning; the colour repeats it.
 */
export function Alert({
  tone = "danger",
  title,
  children,
  className,
  testId,
}: {
  tone?: "danger" | "warning" | "info";
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <div
      role={tone === "danger" ? "alert" : "status"}
      data-testid={testId}
      className={cn(alertVariants({ tone }), className)}
    >
      {title && <h2 className="text-lg font-semibold">{title}</h2>}
      {children}
    </div>
  );
}

/** A failed action's one-line message, announced to screen readers; renders nothing without one. */
export function AlertText({ message, testId }: { message: string | null | undefined; testId?: string }) {
  if (!message) return null;
  return (
    <p role="alert" className="text-sm text-red-700 dark:text-red-300" data-testid={testId}>
      {message}
    </p>
  );
}
