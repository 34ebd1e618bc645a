import "server-only";

import {
  asyncResponseSchema,
  creditsResponseSchema,
  deleteFinetuneResponseSchema,
  entryFinetuneId,
  type FinetuneDetails,
  type FinetuneParams,
  finetuneCreateResponseSchema,
  finetuneDetailsResponseSchema,
  type InferenceEndpoint,
  isBflDeliveryHost,
  isTerminalBflStatus,
  myFinetunesResponseSchema,
  type ResultResponse,
  resultResponseSchema,
} from "@/lib/bfl";
import { retiredError } from "./bfl-errors";
import { bflCall, sleep } from "./bfl-transport";
import { getConfig } from "./env";
import { AppError } from "./errors";
import { log } from "./log";
import { rememberRetired, retiredFor } from "./retired";
import { removeTemp, streamToTemp, TooLargeError } from "./storage";

/** BFL operations the dashboard uses, each parsed with the `lib/bfl` schemas. */

/** `webhook` is the dashboard's own callback (PUBLIC_URL); a person's webhook fields are never sent. */
export async function submitFinetune(
  params: FinetuneParams,
  fileDataBase64: string,
  webhook?: { webhook_url: string; webhook_secret: string },
): Promise<{ finetune_id: string; polling_url: string | null }> {
  const { webhook_url: _u, webhook_secret: _s, ...rest } = params;
  const res = await bflCall({
    method: "POST",
    path: "/v1/finetune",
    body: { ...rest, ...webhook, file_data: fileDataBase64 },
    schema: finetuneCreateResponseSchema,
    kind: "create",
    // A 100 MB upload takes longer than a small JSON call.
    timeoutMs: Math.max(getConfig().bflTimeoutMs, 120_000),
  });
  return res;
}

/**
 * Submit a generation. An endpoint BFL no longer serves is refused before anything is sent (dated
 * table against live BFL, or a 404 seen before); a first bare 404 is remembered.
 */
export async function submitInference(endpoint: InferenceEndpoint, body: Record<string, unknown>) {
  const path = `/v1/${endpoint}`;
  const gone = await retiredFor(endpoint);
  if (gone) throw retiredError(path);
  try {
    return await bflCall({ method: "POST", path, body, schema: asyncResponseSchema, kind: "create" });
  } catch (err) {
    if (err instanceof AppError && err.code === "bfl_retired") await rememberRetired(path);
    throw err;
  }
}

/**
 * BFL_API_URL (simulator, stand-ins): its host on any port, which plays BFL's regional polling
 * clusters and delivery hosts.
 */
function onConfiguredHost(u: URL): boolean {
  const cfg = getConfig();
  const base = new URL(cfg.bflBaseUrl);
  return cfg.customBaseUrl && u.protocol === base.protocol && u.hostname === base.hostname;
}

/** True for URLs the dashboard may send its key to: the configured base origin or BFL's API hosts. */
export function isAllowedApiUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.origin === new URL(getConfig().bflBaseUrl).origin || onConfiguredHost(u)) return true;
  return u.protocol === "https:" && /^api[.-][a-z0-9.-]*\.bfl\.(ai|ml)$|^api\.bfl\.(ai|ml)$/.test(u.hostname);
}

/**
 * Poll a task, on its `polling_url` when it has one. An answer of any HTTP status whose body is a task
 * with a final status (422 or 503 with `status: "Error"`) is that final answer, not an outage.
 */
export async function getResult(id: string, pollingUrl?: string | null): Promise<ResultResponse> {
  let url: string | undefined;
  if (pollingUrl) {
    if (isAllowedApiUrl(pollingUrl)) url = pollingUrl;
    else log.warn("bfl", "ignoring a polling_url on a host that is not BFL's; polling the base URL instead");
  }
  return bflCall({
    method: "GET",
    path: "/v1/get_result",
    ...(url ? { url } : { query: { id } }),
    schema: resultResponseSchema,
    kind: "read",
    acceptBody: (status, task) => status === 422 || isTerminalBflStatus(task.status),
  });
}

/** The ids in `my_finetunes`, whatever shape its entries have (strings or objects); duplicates dropped. */
export async function myFinetunes(): Promise<string[]> {
  const res = await bflCall({
    method: "GET",
    path: "/v1/my_finetunes",
    schema: myFinetunesResponseSchema,
    kind: "read",
  });
  const ids = res.finetunes.map(entryFinetuneId).filter((id): id is string => id !== null);
  return [...new Set(ids)];
}

/** The account's credit balance. */
export async function credits(): Promise<number> {
  const res = await bflCall({
    method: "GET",
    path: "/v1/credits",
    schema: creditsResponseSchema,
    kind: "read",
  });
  return res.credits;
}

export async function finetuneDetails(id: string): Promise<FinetuneDetails> {
  const res = await bflCall({
    method: "GET",
    path: "/v1/finetune_details",
    query: { finetune_id: id },
    schema: finetuneDetailsResponseSchema,
    kind: "read",
  });
  return res;
}

export async function deleteFinetune(id: string): Promise<void> {
  // Deleting is idempotent, so it may be retried like a read.
  await bflCall({
    method: "POST",
    path: "/v1/delete_finetune",
    body: { finetune_id: id },
    schema: deleteFinetuneResponseSchema,
    kind: "read",
  });
}

/** Result links: BFL's delivery hosts, or the configured simulator/BFL_API_URL origin. */
export function isAllowedDownloadUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (onConfiguredHost(u)) return true;
  return u.protocol === "https:" && isBflDeliveryHost(u.hostname);
}

/** Upper bound of one result image (ultra PNGs are about 20 MB); larger downloads are cut off. */
export const MAX_DOWNLOAD_BYTES = 60 * 1024 * 1024;
const EXPIRED = new Set([401, 403, 404, 410]);

export const expiredError = () =>
  new AppError("result_expired", "BFL's result link expired before it could be saved.");

const tooLargeError = () =>
  new AppError(
    "bfl_bad_response",
    `BFL's result image is larger than ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MB; the dashboard did not save it.`,
  );

/**
 * Fetch a Ready result's image into a temp file beside `rel` (streamed, cut off past 60 MB, never held
 * whole in memory). No key is sent (delivery links are signed). Network errors and 5xx are retried a
 * few times; 403/404/410 mean the link expired. The caller moves or removes the returned temp file.
 */
export async function downloadSample(raw: string, rel: string): Promise<{ tmp: string; size: number }> {
  if (!isAllowedDownloadUrl(raw)) {
    log.error("bfl", "refused to download a result from a host that is not a BFL delivery host");
    throw new AppError(
      "bfl_bad_response",
      "BFL's result link points to a host the dashboard does not trust.",
    );
  }
  const timeoutMs = getConfig().bflTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      // The timeout covers the whole download, body included (a stalled body is retried).
      const res = await fetch(raw, { redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
      if (EXPIRED.has(res.status)) {
        await res.body?.cancel().catch(() => {});
        throw expiredError();
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel().catch(() => {});
        throw new Error(`download answered ${res.status}`);
      }
      const declared = Number(res.headers.get("content-length") ?? "0");
      if (declared > MAX_DOWNLOAD_BYTES) {
        await res.body.cancel().catch(() => {});
        throw tooLargeError();
      }
      const saved = await streamToTemp(rel, res.body, MAX_DOWNLOAD_BYTES).catch((err: unknown) => {
        throw err instanceof TooLargeError ? tooLargeError() : err;
      });
      if (saved.size === 0) {
        await removeTemp(saved.tmp);
        throw new AppError("bfl_bad_response", "BFL's result image could not be read (it was empty).");
      }
      return saved;
    } catch (err) {
      if (err instanceof AppError) throw err;
      log.warn("bfl", `result download attempt ${attempt + 1} failed`, err);
      if (attempt >= 3) throw new AppError("bfl_unavailable", "BFL's result image could not be downloaded.");
      await sleep(250 * 2 ** attempt);
    }
  }
}
