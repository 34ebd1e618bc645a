import "server-only";
import { MAX_ACTIVE_TASKS, retiredCall, validationErrorBodySchema } from "@/lib/bfl";
import { AppError } from "./errors";
import { redactKey } from "./redact";

/**
 * BFL's HTTP answers turned into typed app errors with messages a person understands. Upstream bodies
 * are read only to pick the right message (e.g. 422 field names); they are never passed on.
 */
export interface CallInfo {
  method: string;
  /** Path on BFL, e.g. `/v1/finetune`. */
  path: string;
}

export const MESSAGES = {
  credits: "BFL says the account is out of credits. Add credits in BFL's dashboard, then try again.",
  auth: "BFL refused the API key (BFL_API_KEY): the API key was refused. Check the key and restart the dashboard.",
  retired:
    "BFL no longer accepts new finetunes through the API (live service answered 404 for /v1/finetune, see README).",
  notReady: "BFL says this finetune was not found or is not ready yet; wait until training has finished.",
  busy: `BFL's limit of ${MAX_ACTIVE_TASKS} unfinished tasks per account is reached; wait until some finish and try again.`,
  unavailable: "BFL is failing right now, try again in a minute.",
  connectionLost: "The connection to BFL broke off before it answered; try again in a minute.",
  overloaded: "BFL is overloaded right now (503) and did not take the request; try again in a few minutes.",
  timeout: "BFL did not answer in time; try again in a minute.",
  unknownOutcome:
    "BFL did not confirm the submission: BFL may or may not have started this; check the list before retrying.",
  badResponse: "BFL sent an answer the dashboard cannot read; try again in a minute.",
  badResponseCreate:
    "BFL sent an answer the dashboard cannot read: BFL may or may not have started this; check the list before retrying.",
} as const;

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(0, date - Date.now());
  return undefined;
}

function detailString(body: unknown): string {
  if (body && typeof body === "object" && "detail" in body) {
    const d = (body as { detail: unknown }).detail;
    if (typeof d === "string") return d;
  }
  return "";
}

/** "prompt: Field required; width: must be a multiple of 32" from FastAPI's `detail` list. */
export function describeValidation(body: unknown): string | null {
  const parsed = validationErrorBodySchema.safeParse(body);
  if (!parsed.success || parsed.data.detail.length === 0) return null;
  return parsed.data.detail
    .slice(0, 6)
    .map((d) => {
      const loc = d.loc.filter((p, i) => !(i === 0 && (p === "body" || p === "query"))).join(".");
      // Keep BFL's wording short and printable; it describes our own request, not the account.
      const msg = d.msg.replace(/[^\x20-\x7E]/g, "").slice(0, 160);
      return redactKey(loc ? `${loc}: ${msg}` : msg);
    })
    .join("; ");
}

/** `bfl_retired` (410) for a call BFL no longer serves, with the dated table's reason when it has one. */
export function retiredError(path: string): AppError {
  const known = retiredCall("POST", path);
  const reason =
    known?.reason ?? `BFL's live service answered 404 for ${path}: it no longer offers this endpoint.`;
  return new AppError("bfl_retired", `BFL no longer serves ${path}. ${reason}`);
}

export function mapStatus(status: number, body: unknown, call: CallInfo, retryAfterMs?: number): AppError {
  const detail = detailString(body).toLowerCase();
  if (status === 402) return new AppError("bfl_out_of_credits", MESSAGES.credits);
  if (status === 401 || status === 403) return new AppError("bfl_auth_failed", MESSAGES.auth);
  if (status === 404 && call.method === "POST" && call.path === "/v1/finetune") {
    return new AppError("bfl_finetune_retired", MESSAGES.retired);
  }
  if (status === 400 && detail.includes("not found or not ready")) {
    return new AppError("bfl_finetune_not_ready", MESSAGES.notReady);
  }
  // FastAPI's bare "Not Found" on a POST: the path itself is gone (a retired endpoint), not a finetune.
  if (
    status === 404 &&
    call.method === "POST" &&
    detail === "not found" &&
    call.path !== "/v1/delete_finetune"
  ) {
    return retiredError(call.path);
  }
  if (status === 404) {
    if (call.path === "/v1/finetune_details" || call.path === "/v1/delete_finetune") {
      return new AppError("bfl_not_found", "BFL does not know this finetune (it may have been deleted).");
    }
    if (call.path === "/v1/get_result") return new AppError("bfl_not_found", "BFL does not know this task.");
    return new AppError("bfl_not_found", `BFL does not offer ${call.path} (it answered 404).`);
  }
  if (status === 422) {
    const fields = describeValidation(body);
    return new AppError(
      "bfl_validation",
      fields ? `BFL rejected the request: ${fields}.` : "BFL rejected the request as invalid.",
    );
  }
  if (status === 400) return new AppError("bfl_validation", "BFL rejected the request as invalid (400).");
  // 429 and 503 mean BFL did not take the work: a submission may be sent again later.
  const later = { notTaken: "retry_later", ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } as const;
  if (status === 429) return new AppError("bfl_busy", MESSAGES.busy, later);
  if (status === 503) return new AppError("bfl_unavailable", MESSAGES.overloaded, later);
  if (status >= 500) {
    return new AppError(
      "bfl_unavailable",
      MESSAGES.unavailable,
      retryAfterMs === undefined ? {} : { retryAfterMs },
    );
  }
  return new AppError(
    "bfl_unavailable",
    `BFL answered with an unexpected status (${status}); try again later.`,
  );
}
