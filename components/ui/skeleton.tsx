/** A grey placeholder block while content loads. Hidden from assistive tech; wrap a group in `aria-busy`. */
export function Skeleton({ className = "" }: { className?: string }) {
  return (
    <div aria-hidden="true" className={`animate-pulse rounded bg-zinc-200 dark:bg-zinc-800 ${className}`} />
  );
}
