import { z } from "zod";

/** Every dashboard API error body. */
export const apiErrorSchema = z.object({ code: z.string(), message: z.string() });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/**
 * Error codes the dashboard API answers with. The HTTP status for each lives beside it so the server
 * maps codes to statuses in one place and the UI can branch on the code.
 */
export const API_ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 422,
  invalid_dataset: 422,
  unauthorized: 401,
  forbidden_origin: 403,
  host_not_allowed: 421,
  length_required: 411,
  not_found: 404,
  already_exists: 409,
  payload_too_large: 413,
  rate_limited: 429,
  // Upstream (BFL) failures, each a plain-words message for the person.
  bfl_out_of_credits: 402,
  bfl_auth_failed: 502,
  bfl_finetune_retired: 502,
  /** A call BFL's live service no longer serves (dated table in lib/bfl, or a 404 remembered). */
  bfl_retired: 410,
  bfl_validation: 422,
  bfl_finetune_not_ready: 409,
  bfl_not_found: 404,
  bfl_busy: 503,
  bfl_unavailable: 502,
  bfl_timeout: 504,
  bfl_unknown_outcome: 502,
  bfl_bad_response: 502,
  region_mismatch: 409,
  result_expired: 410,
  storage_failed: 507,
  internal: 500,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;
