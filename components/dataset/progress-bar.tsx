/** A labelled progress bar (value 0..1). */
export function ProgressBar({ label, value, testId }: { label: string; value: number; testId?: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div className="flex flex-col gap-1" data-testid={testId}>
      <div className="flex justify-between text-sm">
        <span>{label}</span>
        <span className="tabular-nums">{pct}%</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        className="h-2 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        {/* scaleX, not width: the transition runs on the compositor, with no layout or paint per frame
            on the main thread while the workers are busy. */}
        <div
          className="h-full origin-left bg-brand-600 transition-transform duration-200"
          style={{ transform: `scaleX(${pct / 100})` }}
        />
      </div>
    </div>
  );
}
