import "server-only";
import type { Finetune } from "@/lib/api/types";
import { type FinetuneDetails, isTerminalBflStatus } from "@/lib/bfl";
import { finetuneDetails, getResult, myFinetunes } from "./bfl-client";
import { cached } from "./cache";
import { getConfig } from "./env";
import { AppError } from "./errors";

/**
 * Finetunes found at BFL (not created here), cached so that many tabs polling the list cost one BFL
 * call per few seconds: the id list for 5 s, details (which rarely change) for 10 minutes, and the
 * status for 10 s while training, an hour once final.
 */
const LIST_TTL_MS = 5_000;
const DETAILS_TTL_MS = 10 * 60_000;

export function cachedFinetuneIds(): Promise<string[]> {
  return cached("bfl:list", LIST_TTL_MS, myFinetunes);
}

export function cachedDetails(id: string): Promise<FinetuneDetails> {
  return cached(`bfl:details:${id}`, DETAILS_TTL_MS, () => finetuneDetails(id));
}

function cachedStatus(id: string): Promise<string> {
  return cached(
    `bfl:status:${id}`,
    (s: string) => (isTerminalBflStatus(s) ? 60 * 60_000 : 10_000),
    async () => (await getResult(id)).status,
  );
}

function statusOf(s: string): Finetune["status"] {
  if (!isTerminalBflStatus(s)) return "Pending";
  if (s === "Error" || s === "Request Moderated" || s === "Content Moderated") return "Error";
  // "Task not found": BFL forgets old training tasks; a finetune it still lists is treated as trained.
  return "Ready";
}

function timestamp(raw: string | null | undefined): string {
  if (raw) {
    const t = Date.parse(raw);
    if (Number.isFinite(t)) return new Date(t).toISOString();
  }
  return new Date(0).toISOString();
}

/** A BFL-only finetune in the dashboard's shape; null when BFL no longer knows it. */
export async function remoteFinetune(id: string): Promise<Finetune | null> {
  let details: FinetuneDetails;
  try {
    details = await cachedDetails(id);
  } catch (err) {
    if (err instanceof AppError && err.code === "bfl_not_found") return null;
    throw err;
  }
  let status: Finetune["status"] = "Pending";
  let error: string | null = null;
  try {
    status = statusOf(await cachedStatus(id));
  } catch (err) {
    error = err instanceof AppError ? err.message : "BFL's status for this finetune could not be read.";
  }
  const created = timestamp(details.timestamp);
  const region = getConfig().region;
  return {
    id,
    finetune_comment: details.finetune_comment ?? "",
    trigger_word: details.trigger_word ?? "",
    mode: details.mode ?? "",
    finetune_type: details.finetune_type ?? "",
    lora_rank: details.lora_rank ?? null,
    iterations: details.iterations ?? null,
    learning_rate: details.learning_rate ?? null,
    priority: details.priority ?? null,
    captioning: details.captioning ?? null,
    region,
    status,
    progress: null,
    created_at: created,
    updated_at: created,
    error,
    source: "bfl",
    has_dataset: false,
    image_count: null,
    thumbnails: [],
    timeline: [],
    region_mismatch: false,
    bfl_id: id,
  };
}
