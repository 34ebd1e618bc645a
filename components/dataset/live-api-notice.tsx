/**
 * Shown on the dataset studio when the dashboard talks to live BFL: its service no longer trains
 * (`POST /v1/finetune` answers 404; README, "The live BFL API today"), so the page says so before a
 * dataset is prepared and offers what works instead: export for local training, then back to BFL.
 */
export function LiveApiNotice({ region }: { region: string }) {
  return (
    <div
      role="note"
      data-testid="live-api-notice"
      className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-semibold">BFL's live service no longer trains finetunes</p>
      <p>
        BFL ({region}) answers <code className="font-mono">POST /v1/finetune</code> with 404: today a finetune
        is a FLUX.2 [klein] LoRA you train on your own GPU and upload in BFL's dashboard. Prepare your dataset
        here, then use <strong>Export for local training</strong>: a ZIP for ostris/ai-toolkit or kohya with a
        ready config. Finetunes already in your account still work in the playground on the endpoints BFL
        still serves.
      </p>
    </div>
  );
}
