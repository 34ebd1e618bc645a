import "server-only";
import { API_ERROR_STATUS, type ApiErrorBody, type ApiErrorCode } from "@/lib/api/errors";

/**
 * Set on a failed BFL call that certainly created nothing, so sending it again cannot make a second
 * task: BFL answered "come back later" (429, 503), or the connection was refused before anything left.
 */
export type NotTaken = "retry_later" | "unreachable";

/**
 * The one error type of the dashboard's back end. `message` is written for the person using the
 * dashboard and is safe to show: it never carries an upstream body, header or the key.
 */
const APP_ERROR = Symbol.for("finetune-studio.app-error");

export class AppError extends Error {
  // Next bundles instrumentation and each route separately, so one process holds several copies of
  // this class, and an error made in one (a database opening that the tracker started) reaches another
  // (a route awaiting the same opening): `instanceof AppError` checks a shared mark, not the copy.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && APP_ERROR in value;
  }
  readonly [APP_ERROR] = true;
  override name = "AppError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { retryAfterMs?: number; notTaken?: NotTaken; cause?: unknown } = {},
  ) {
    super(message);
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function notFound(what: string): AppError {
  return new AppError("not_found", `${what} was not found.`);
}

/** Node file-system errors in plain words (no paths, which may reveal the host's layout). */
export function storageError(e: unknown, action: string): AppError {
  const code = typeof e === "object" && e && "code" in e ? String((e as { code: unknown }).code) : "";
  if (code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT" || code.startsWith("SQLITE_CORRUPT_")) {
    return new AppError(
      "storage_failed",
      `Could not ${action}: the database file (studio.db in DATA_DIR) is damaged. Stop the dashboard, move studio.db aside (with its -wal and -shm files) or restore it from a backup, then start again; a fresh studio.db is created if none is there.`,
      { cause: e },
    );
  }
  const reason =
    code === "ENOSPC" || code === "SQLITE_FULL"
      ? "the disk is full"
      : code === "EACCES" || code === "EPERM" || code === "EROFS" || code === "SQLITE_READONLY"
        ? "the data folder (DATA_DIR) is not writable"
        : "the data folder (DATA_DIR) could not be used";
  return new AppError(
    "storage_failed",
    `Could not ${action}: ${reason}. Free space or fix DATA_DIR and retry.`,
    {
      cause: e,
    },
  );
}
