import type { Finetune } from "@/lib/api/types";

/** Why this finetune cannot be opened in the playground, or null when it can. */
export function playgroundBlockReason(
  f: Pick<Finetune, "status" | "region" | "region_mismatch">,
): string | null {
  if (f.region_mismatch) return `Trained in region ${f.region}, which this dashboard is not configured for.`;
  switch (f.status) {
    case "Ready":
      return null;
    case "Error":
      return "Training failed, so there is nothing to generate with.";
    case "Queued":
      return "Waiting for a free BFL slot; available once training is Ready.";
    case "Pending":
      return "Still training; available once it is Ready.";
  }
}
