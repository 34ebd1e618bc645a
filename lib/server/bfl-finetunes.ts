import "server-only";
import type { Finetune, LoraFinetune } from "@/lib/api/types";
import {
  type FinetuneDetails,
  isTerminalBflStatus,
  type KleinBaseModel,
  type KleinPrecision,
  kleinBaseModelSchema,
  kleinPrecisionSchema,
  servingEndpoints,
  splitFinetuneId,
  UUID_PATTERN,
} from "@/lib/bfl";
import { finetuneDetails, getResult, myFinetunes } from "./bfl-client";
import { cached } from "./cache";
import { getConfig } from "./env";
import { AppError } from "./errors";
import { redactKey } from "./redact";
import { liveRules, retiredEndpointSet } from "./retired";

/**
 * Finetunes found at BFL (not created here), cached so that many tabs polling the list cost one BFL
 * call per few seconds: the id list for BFL_LIST_TTL_MS (5 s), details (which rarely change) for 10
 * minutes, and the status for 10 s while training, an hour once final.
 */
const DETAILS_TTL_MS = 10 * 60_000;

export function cachedFinetuneIds(): Promise<string[]> {
  return cached("bfl:list", getConfig().listTtlMs, myFinetunes);
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

/** Keys only a FLUX.1 finetune trained by BFL's finetuning API carries. */
const FLUX1_KEYS = [
  "finetune_comment",
  "mode",
  "iterations",
  "finetune_type",
  "lora_rank",
  "learning_rate",
  "priority",
  "captioning",
] as const;

function isFlux1Details(d: FinetuneDetails): boolean {
  return FLUX1_KEYS.some((k) => d[k] !== undefined && d[k] !== null);
}

/** "flux-2-klein-9b", "FLUX.2 [klein] 9B", "klein-9b" all read as klein-9b; anything else: unknown. */
export function readBaseModel(raw: unknown): KleinBaseModel | null {
  if (typeof raw !== "string") return null;
  const s = raw
    .toLowerCase()
    .replace(/flux[.-]?2/g, "")
    .replace(/[[\]]/g, "")
    .trim()
    .replace(/[\s_]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const parsed = kleinBaseModelSchema.safeParse(s.startsWith("klein") ? s : `klein-${s}`);
  return parsed.success ? parsed.data : null;
}

function readPrecision(raw: unknown): KleinPrecision | null {
  const parsed = kleinPrecisionSchema.safeParse(typeof raw === "string" ? raw.toLowerCase() : raw);
  return parsed.success ? parsed.data : null;
}

/** A LoRA card from what is known: its id, and whatever details BFL gave. */
export async function loraCard(
  id: string,
  known: {
    base_model: KleinBaseModel | null;
    precision: KleinPrecision | null;
    trigger_phrase: string | null;
    source: LoraFinetune["source"];
    created_at: string;
    name?: string | null;
  },
): Promise<LoraFinetune> {
  const { org, name } = splitFinetuneId(id);
  return {
    id,
    name: known.name?.trim() || name,
    owner_org_id: org,
    base_model: known.base_model,
    precision: known.precision,
    trigger_phrase: known.trigger_phrase,
    source: known.source,
    endpoints: servingEndpoints(
      { kind: "lora", base_model: known.base_model, precision: known.precision },
      { live: liveRules(), retired: await retiredEndpointSet() },
    ),
    created_at: known.created_at,
  };
}

export type RemoteFinetune = { kind: "flux1"; finetune: Finetune } | { kind: "lora"; lora: LoraFinetune };

function flux1Card(id: string, details: FinetuneDetails, status: Finetune["status"], error: string | null) {
  const created = timestamp(details.timestamp);
  const finetune: Finetune = {
    id,
    finetune_comment: redactKey(details.finetune_comment ?? ""),
    trigger_word: redactKey(details.trigger_word ?? ""),
    mode: details.mode ?? "",
    finetune_type: details.finetune_type ?? "",
    lora_rank: details.lora_rank ?? null,
    iterations: details.iterations ?? null,
    learning_rate: details.learning_rate ?? null,
    priority: details.priority ?? null,
    captioning: details.captioning ?? null,
    region: getConfig().region,
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
  return finetune;
}

/**
 * A finetune BFL lists, as a card of the right kind. Details with the FLUX.1 training keys make a
 * FLUX.1 finetune; details that 404, are partial or carry other keys make a LoRA card showing what is
 * known (never an "Untitled" FLUX.1 card). `listed`: my_finetunes lists the id. Null when BFL knows
 * nothing of it.
 */
export async function remoteFinetune(id: string, listed = false): Promise<RemoteFinetune | null> {
  let details: FinetuneDetails | null = null;
  try {
    details = await cachedDetails(id);
  } catch (err) {
    if (!(err instanceof AppError && err.code === "bfl_not_found")) throw err;
    // No details: a name my_finetunes lists is an uploaded LoRA; anything else BFL does not know.
    if (!listed || UUID_PATTERN.test(id)) return null;
  }
  if (details && isFlux1Details(details)) {
    let status: Finetune["status"] = "Pending";
    let error: string | null = null;
    try {
      status = statusOf(await cachedStatus(id));
    } catch (err) {
      error = err instanceof AppError ? err.message : "BFL's status for this finetune could not be read.";
    }
    return { kind: "flux1", finetune: flux1Card(id, details, status, error) };
  }
  return {
    kind: "lora",
    lora: await loraCard(id, {
      name: details?.name ?? null,
      base_model: readBaseModel(details?.base_model),
      precision: readPrecision(details?.precision),
      trigger_phrase: details?.trigger_phrase ?? details?.trigger_word ?? null,
      source: "bfl",
      created_at: timestamp(details?.timestamp),
    }),
  };
}
