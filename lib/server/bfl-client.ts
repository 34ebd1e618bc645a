import "server-only";

import {
  asyncResponseSchema,
  creditsResponseSchema,
  deleteFinetuneResponseSchema,
  type FinetuneDetails,
  type FinetuneParams,
  finetuneCreateResponseSchema,
  finetuneDetailsResponseSchema,
  type InferenceEndpoint,
  isBflDeliveryHost,
  myFinetunesResponseSchema,
  type ResultResponse,
  resultResponseSchema,
} from "@/lib/bfl";
import { bflCall, sleep } from "./bfl-transport";
import { getConfig } from "./env";
import { AppError } from "./errors";
import { log } from "./log";

/** BFL operations the dashboard uses, each parsed with the `lib/bfl` schemas. */

/** `webhook` is the dashboard's own callback (PUBLIC_URL); a person's webhook fields are never sent. */
export async function submitFinetune(
  params: FinetuneParams,
  fileDataBase64: string,
  webhook?: { webhook_url: string; webhook_secret: string },
): Promise<string> {
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
  return res.finetune_id;
}

export async function submitInference(endpoint: InferenceEndpoint, body: Record<string, unknown>) {
  return bflCall({
    method: "POST",
    path: `/v1/${endpoint}`,
    body,
    schema: asyncResponseSchema,
    kind: "create",
  });
}

/** True for URLs the dashboard may send its key to: the configured base origin or BFL's API hosts. */
export function isAllowedApiUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.origin === new URL(getConfig().bflBaseUrl).origin) return true;
  return u.protocol === "https:" && /^api[.-][a-z0-9.-]*\.bfl\.(ai|ml)$|^api\.bfl\.(ai|ml)$/.test(u.hostname);
}

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
    acceptStatus: 422,
  });
}

export async function myFinetunes(): Promise<string[]> {
  const res = await bflCall({
    method: "GET",
    path: "/v1/my_finetunes",
    schema: myFinetunesResponseSchema,
    kind: "read",
  });
  return res.finetunes;
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
  return res.finetune_details;
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
  const cfg = getConfig();
  if (cfg.customBaseUrl && u.origin === new URL(cfg.bflBaseUrl).origin) return true;
  return u.protocol === "https:" && isBflDeliveryHost(u.hostname);
}

const MAX_DOWNLOAD_BYTES = 60 * 1024 * 1024;
const EXPIRED = new Set([401, 403, 404, 410]);

export const expiredError = () =>
  new AppError("result_expired", "BFL's result link expired before it could be saved.");

/**
 * Fetch a Ready result's image. No key is sent (delivery links are signed). Network errors and 5xx are
 * retried a few times; 403/404/410 mean the link expired.
 */
export async function downloadSample(raw: string): Promise<{ bytes: Uint8Array; contentType: string }> {
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
      const res = await fetch(raw, { redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
      if (EXPIRED.has(res.status)) {
        await res.body?.cancel().catch(() => {});
        throw expiredError();
      }
      if (!res.ok) throw new Error(`download answered ${res.status}`);
      const declared = Number(res.headers.get("content-length") ?? "0");
      if (declared > MAX_DOWNLOAD_BYTES)
        throw new AppError("bfl_bad_response", "BFL's result image is too large.");
      const bytes = new Uint8Array(await res.arrayBuffer());
      if (bytes.byteLength > MAX_DOWNLOAD_BYTES || bytes.byteLength === 0) {
        throw new AppError("bfl_bad_response", "BFL's result image could not be read.");
      }
      return { bytes, contentType: res.headers.get("content-type") ?? "application/octet-stream" };
    } catch (err) {
      if (err instanceof AppError) throw err;
      log.warn("bfl", `result download attempt ${attempt + 1} failed`, err);
      if (attempt >= 3) throw new AppError("bfl_unavailable", "BFL's result image could not be downloaded.");
      await sleep(250 * 2 ** attempt);
    }
  }
}
