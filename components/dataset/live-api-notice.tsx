/**
 * Shown on the dataset studio when the dashboard talks to live BFL: its service has retired training
 * through the API (README, "The live BFL API today"), so a person learns it before preparing a dataset,
 * not only from the refusal after submitting.
 */
export function LiveApiNotice({ region }: { region: string }) {
  return (
    <div
      role="note"
      data-testid="live-api-notice"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-semibold">BFL's live service may refuse new finetunes</p>
      <p>
        Since late 2025 BFL answers <code className="font-mono">POST /v1/finetune</code> with 404 (finetunes
        are now made in BFL's own dashboard). If BFL ({region}) refuses this one, this page says so and keeps
        your dataset; finetunes already in your account still appear under Finetunes and work in the
        playground on the endpoints BFL still serves (ultra and fill).
      </p>
    </div>
  );
}
