import { cn } from "./cn";

/**
 * A determinate progress bar with an accessible name and value. `value` is 0..1. `striped` marks an
 * estimate (a pattern as well as the words beside it). `showLabel` writes the label and the percentage
 * above the bar.
 */
export function ProgressBar({
  value,
  label,
  valueText,
  striped = false,
  showLabel = false,
  tone = "brand",
  testId,
}: {
  value: number;
  label: string;
  valueText?: string;
  striped?: boolean;
  showLabel?: boolean;
  tone?: "brand" | "success";
  testId?: string;
}) {
  const clamped = Math.min(1, Math.max(0, value));
  // One decimal so a slow bar still reads as moving.
  const now = Math.round(clamped * 1000) / 10;
  const bar = (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={now}
      aria-valuetext={valueText}
      data-testid={showLabel ? undefined : testId}
      className="h-2 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700"
    >
      {/* scaleX, not width: the transition runs on the compositor, with no layout or paint per frame on
          the main thread while workers are busy. */}
      <div
        className={cn(
          "h-full origin-left transition-transform duration-500 ease-out",
          tone === "success" ? "bg-emerald-600 dark:bg-emerald-500" : "bg-brand-600 dark:bg-brand-500",
        )}
        style={{
          transform: `scaleX(${clamped})`,
          backgroundImage: striped
            ? "repeating-linear-gradient(45deg, rgb(255 255 255 / 0.25) 0 6px, transparent 6px 12px)"
            : undefined,
        }}
      />
    </div>
  );
  if (!showLabel) return bar;
  return (
    <div className="flex flex-col gap-1" data-testid={testId}>
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span className="tabular-nums">{Math.round(now)}%</span>
      </div>
      {bar}
    </div>
  );
}
