/** A strip of training-image thumbnails (decorative: the count is given in words). */
export function FinetuneThumbnails({
  urls,
  total,
  max = 6,
}: {
  urls: readonly string[];
  total: number | null;
  max?: number;
}) {
  if (urls.length === 0) return null;
  const shown = urls.slice(0, max);
  const more = (total ?? urls.length) - shown.length;
  return (
    <div className="flex items-center gap-1" data-testid="finetune-thumbnails">
      {shown.map((url) => (
        // biome-ignore lint/performance/noImgElement: small dashboard-served thumbnails; no optimiser needed
        <img
          key={url}
          src={url}
          alt=""
          loading="lazy"
          width={40}
          height={40}
          className="size-10 rounded border border-zinc-200 object-cover dark:border-zinc-700"
        />
      ))}
      {more > 0 ? <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">+{more}</span> : null}
    </div>
  );
}
