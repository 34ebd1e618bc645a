import "server-only";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Without SESSION_SECRET, session cookies are signed with a random secret kept in
 * `DATA_DIR/session-secret` (mode 600), so the cookie key never derives from the password alone and
 * sessions survive a restart. Deleting the file ends every session.
 */

export const SECRET_FILE = "session-secret";

const cache = new Map<string, string>();

export function storedSessionSecret(dataDir: string): string {
  const cached = cache.get(dataDir);
  if (cached) return cached;
  const file = path.join(dataDir, SECRET_FILE);
  let secret = readSecret(file);
  if (!secret) {
    mkdirSync(dataDir, { recursive: true });
    try {
      // `wx`: if two processes race, the second reads the first one's secret instead of replacing it.
      writeFileSync(file, `${randomBytes(32).toString("base64url")}\n`, { flag: "wx", mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    secret = readSecret(file);
  }
  if (!secret) throw new Error(`${file} is empty: delete it to have a new session secret generated`);
  // A secret file readable by others (copied in, restored from a backup) is tightened.
  chmodSync(file, 0o600);
  cache.set(dataDir, secret);
  return secret;
}

function readSecret(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}
