import "server-only";
import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { getDb } from "./db";
import { getFinetuneRow } from "./finetune-repo";
import { getGenerationRow } from "./generation-repo";
import { log } from "./log";
import { dataRoot, listData, removeData } from "./storage";

/**
 * At start, remove what a crash (SIGKILL, power loss) left in storage (DATA_DIR or the bucket): dataset
 * folders of finetunes with no row (stored before the row was written), generation images, thumbnails
 * and inputs with no row, and half-written `*.tmp` files of atomic writes and downloads (always under
 * DATA_DIR). Only entries last changed before this process started are touched, so an upload that
 * arrives while the sweep runs is never removed.
 */

/** `<id>` of `images/<id>.jpg`, `thumbnails/<id>.webp`, `inputs/<id>`, `datasets/<id>`. */
const idOf = (name: string) => name.split(".")[0] ?? "";

const OWNED: { dir: string; hasRow: (id: string) => Promise<boolean> }[] = [
  { dir: "datasets", hasRow: async (id) => (await getFinetuneRow(id)) !== undefined },
  { dir: "images", hasRow: async (id) => (await getGenerationRow(id)) !== undefined },
  { dir: "thumbnails", hasRow: async (id) => (await getGenerationRow(id)) !== undefined },
  { dir: "inputs", hasRow: async (id) => (await getGenerationRow(id)) !== undefined },
];

async function removeIfOld(full: string, startedAt: number): Promise<boolean> {
  try {
    if ((await stat(full)).mtimeMs >= startedAt) return false;
    await rm(full, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  }
}

/** `*.tmp` files anywhere under `dir` (DATA_DIR is a few levels deep: datasets/<id>/images/…). */
async function removeTempFiles(dir: string, startedAt: number, depth = 0): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && depth < 4) removed += await removeTempFiles(full, startedAt, depth + 1);
    else if (entry.isFile() && entry.name.endsWith(".tmp") && (await removeIfOld(full, startedAt))) removed++;
  }
  return removed;
}

/**
 * A database with no rows at all next to stored files is most likely a fresh one made after studio.db
 * was moved aside (docs: damaged database); its files are kept so restoring the old one still works.
 */
async function databaseIsEmpty(): Promise<boolean> {
  const db = await getDb();
  const [ft, gen] = await Promise.all([
    db.selectFrom("finetunes").select("seq").limit(1).executeTakeFirst(),
    db.selectFrom("generations").select("seq").limit(1).executeTakeFirst(),
  ]);
  return !ft && !gen;
}

export async function sweepOrphans(startedAt = Date.now() - process.uptime() * 1000): Promise<number> {
  const root = dataRoot();
  let removed = 0;
  try {
    removed += await removeTempFiles(root, startedAt);
    if (!(await databaseIsEmpty())) {
      for (const { dir, hasRow } of OWNED) {
        for (const { name, modifiedMs } of await listData(dir)) {
          if (modifiedMs >= startedAt || (await hasRow(idOf(name)))) continue;
          await removeData(`${dir}/${name}`);
          removed++;
        }
      }
    }
  } catch (err) {
    // A damaged database is reported by /api/health and every page; nothing more is removed.
    log.error("storage", "start-up sweep stopped", err);
  }
  if (removed > 0) log.info("storage", `start-up sweep removed ${removed} orphaned files and folders`);
  return removed;
}
