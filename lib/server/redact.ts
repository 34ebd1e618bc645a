import "server-only";
import { getConfig } from "./env";

/**
 * The BFL key cut out of any text: log lines, and every piece of BFL's own wording (task error and
 * moderation reasons, 422 field messages, finetune details) before it is stored or shown. An upstream
 * that echoes the request's key back must not make the dashboard show or keep it.
 */
export function redactKey(text: string): string {
  let out = text;
  try {
    const key = getConfig().apiKey;
    if (key && key.length >= 4) out = out.split(key).join("[redacted]");
  } catch {
    // config invalid: nothing to redact yet
  }
  return out.replace(/(x-key["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, "$1[redacted]");
}

/** `redactKey` for BFL's optional text fields. */
export function redactOptional(text: string | null): string | null {
  return text === null ? null : redactKey(text);
}
