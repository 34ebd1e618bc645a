/** Persistent notice of where requests go: the simulator (free) or BFL in a region (paid). */
export function ModeBadge({ mode, region }: { mode: "simulator" | "bfl"; region: string }) {
  if (mode === "simulator") {
    return (
      <p
        data-testid="mode-badge"
        className="rounded-full border border-amber-300 bg-amber-50 px-3 py-1 text-xs font-semibold text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
      >
        Simulator: no credits are spent
      </p>
    );
  }
  return (
    <p
      data-testid="mode-badge"
      className="rounded-full border border-emerald-300 bg-emerald-50 px-3 py-1 text-xs font-semibold text-emerald-900 dark:border-emerald-700 dark:bg-emerald-950 dark:text-emerald-200"
    >
      BFL live · region {region} · credits are spent
    </p>
  );
}
