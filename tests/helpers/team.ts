import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { type RunningS3, startS3rver, type TestBucket, testBucket } from "./s3rver";
import { postgresEnvFor, removeDir, type Server, startDashboard, stopServers, tempDir } from "./servers";

/**
 * Several dashboard instances as a team runs them: one database and one bucket (one s3rver), and on
 * Postgres (TEST_DATABASE=postgres) each instance in its own DATA_DIR, so nothing passes between them
 * through a local disk. On SQLite the database is DATA_DIR/studio.db, so there the instances share one
 * DATA_DIR, and still keep every dataset and image in the bucket. Started one after another: the first
 * applies the migrations, the others find them applied.
 */

export interface Team {
  instances: Server[];
  s3: RunningS3;
  bucket: TestBucket;
  /** True when each instance has a DATA_DIR of its own (Postgres). */
  ownDataDirs: boolean;
  /** Stop the instances still running, then the bucket, and remove every folder. */
  stop: () => Promise<void>;
}

/** The folders under DATA_DIR that hold stored files when there is no bucket. */
const FILE_FOLDERS = ["datasets", "images", "thumbnails", "inputs"];

export async function startTeam(opts: {
  count: number;
  bflUrl: string;
  env?: Record<string, string>;
}): Promise<Team> {
  const s3 = await startS3rver();
  const shared = tempDir("team");
  const database = await postgresEnvFor(shared);
  const ownDataDirs = Object.keys(database).length > 0;
  const instances: Server[] = [];
  const bucket = testBucket(s3);
  const stop = async () => {
    await stopServers(...instances);
    bucket.destroy();
    await s3.stop();
    removeDir(s3.dir);
    removeDir(shared);
  };
  try {
    for (let i = 0; i < opts.count; i++) {
      instances.push(
        await startDashboard({
          bflUrl: opts.bflUrl,
          dataDir: ownDataDirs ? tempDir(`team-${i}`) : shared,
          env: { ...s3.env, ...database, ...opts.env },
        }),
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { instances, s3, bucket, ownDataDirs, stop };
}

/**
 * Stored files found under the instances' DATA_DIRs (none when everything went to the bucket). Results are
 * downloaded to a `.tmp` file there before they are uploaded; those are not stored files.
 */
export function localStoredFiles(team: Team): string[] {
  return [...new Set(team.instances.map((s) => s.dataDir))].flatMap((dir) =>
    FILE_FOLDERS.map((f) => path.join(dir, f))
      .filter((p) => existsSync(p))
      .flatMap((p) => readdirSync(p, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && !e.name.endsWith(".tmp"))
      .map((e) => path.join(e.parentPath, e.name)),
  );
}
