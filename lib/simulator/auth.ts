import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { BFL_ERROR_MESSAGES } from "../bfl/errors";
import { detailError } from "./http";

/**
 * BFL's `x-key` header. Node lower-cases header names, so `X-Key`, `x-key` and `X-KEY` all arrive here.
 * Compared through hashes so the comparison takes the same time whatever the key's length.
 */
export function requireKey(req: IncomingMessage, apiKey: string): void {
  const sent = req.headers["x-key"];
  const value = Array.isArray(sent) ? sent[0] : sent;
  const digest = (s: string) => createHash("sha256").update(s).digest();
  if (value === undefined || !timingSafeEqual(digest(value), digest(apiKey))) {
    throw detailError(403, BFL_ERROR_MESSAGES.notAuthenticated);
  }
}
