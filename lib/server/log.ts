import "server-only";
import { redactKey } from "./redact";

/**
 * Server log lines. Everything passes through `redactKey`, so the BFL key never reaches a log even when an
 * error message or URL happens to contain it.
 */
function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const cause = err.cause instanceof Error ? ` (cause: ${err.cause.message})` : "";
    return `${err.name}: ${err.message}${code ? ` [${String(code)}]` : ""}${cause}`;
  }
  return String(err);
}

function write(level: "info" | "warn" | "error", scope: string, msg: string, err?: unknown) {
  const line = `[${new Date().toISOString()}] ${level} ${scope}: ${msg}${err === undefined ? "" : ` - ${describeError(err)}`}`;
  const safe = redactKey(line);
  if (level === "error") console.error(safe);
  else if (level === "warn") console.warn(safe);
  else console.log(safe);
}

export const log = {
  info: (scope: string, msg: string) => write("info", scope, msg),
  warn: (scope: string, msg: string, err?: unknown) => write("warn", scope, msg, err),
  error: (scope: string, msg: string, err?: unknown) => write("error", scope, msg, err),
};
