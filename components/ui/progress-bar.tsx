/**
 * A determinate progress bar with an accessible name and value. `value` is 0..1. `striped` marks an
 * estimate (a pattern as well as the words beside it).
 */
export function ProgressBar({
  value,
  label,
  valueText,
  striped = false,
  tone = "brand",
  testId,
}: {
  value: number;
  label: string;
  valueText?: string;
  striped?: boolean;
  tone?: "brand" | "success";
  testId?: string;
}) {
  const clamped = Math.min(1, Math.max(0, value));
  // One decimal so a slow bar still reads as moving.
  const now = Math.round(clamped * 1000) / 10;
  const fill = tone === "success" ? "bg-emerald-600 dark:bg-emerald-500" : "bg-brand-600 dark:bg-brand-500";
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={now}
      aria-valuetext={valueText}
      data-testid={testId}
      className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700"
    >
      <div
        className={`h-full rounded-full transition-[width] duration-700 ease-out ${fill}`}
        style={{
          width: `${now}%`,
          backgroundImage: striped
            ? "repeating-linear-gradient(45deg, rgb(255 255 255 / 0.25) 0 6px, transparent 6px 12px)"
            : undefined,
        }}
      />
    </div>
  );
}
