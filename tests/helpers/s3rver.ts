import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { freePort, tempDir } from "./sandbox";

/**
 * A real S3-compatible server on loopback for tests: the `s3rver` package, in its own process, keeping
 * objects in a temp folder. It takes the credentials S3RVER / S3RVER and needs path-style addressing.
 * Stopped by PID; started again on the same port and folder to simulate a storage outage.
 */

const BIN = path.resolve(import.meta.dirname, "../../node_modules/s3rver/bin/s3rver.js");

export const S3RVER_KEY = "S3RVER";

export interface RunningS3 {
  url: string;
  port: number;
  bucket: string;
  dir: string;
  proc: ChildProcess;
  /** Dashboard env that points at this bucket. */
  env: Record<string, string>;
  stop: () => Promise<void>;
}

export async function startS3rver(
  opts: { port?: number; dir?: string; bucket?: string } = {},
): Promise<RunningS3> {
  const port = opts.port ?? (await freePort());
  const dir = opts.dir ?? tempDir("s3");
  const bucket = opts.bucket ?? "studio";
  const proc = spawn(
    process.execPath,
    [BIN, "--directory", dir, "--port", String(port), "--address", "127.0.0.1", "--silent"].concat([
      "--configure-bucket",
      bucket,
    ]),
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  proc.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`s3rver exited (${proc.exitCode}):\n${out}`);
    // Ready once the bucket answers (s3rver creates it before listening).
    const res = await fetch(`${url}/${bucket}`, { method: "HEAD" }).catch(() => null);
    if (res) break;
    if (Date.now() > deadline) throw new Error(`s3rver did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
  return {
    url,
    port,
    bucket,
    dir,
    proc,
    env: {
      S3_BUCKET: bucket,
      AWS_ENDPOINT_URL_S3: url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: S3RVER_KEY,
      AWS_SECRET_ACCESS_KEY: S3RVER_KEY,
      S3_FORCE_PATH_STYLE: "true", // s3rver answers path-style requests only
    },
    stop,
  };
}

/**
 * The bucket as a test reaches it straight (the AWS SDK, not the dashboard): to compare with what is
 * served, and to plant objects.
 */
export interface TestBucket {
  /** Every key under `prefix`, sorted (the first 1,000: tests store fewer). */
  keys: (prefix: string) => Promise<string[]>;
  object: (key: string) => Promise<Buffer>;
  put: (key: string, body: string) => Promise<void>;
  destroy: () => void;
}

export function testBucket(s3: RunningS3): TestBucket {
  const client = new S3Client({
    endpoint: s3.url,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
  });
  return {
    keys: async (prefix) => {
      const res = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
      return (res.Contents ?? []).map((o) => o.Key ?? "").sort();
    },
    object: async (key) => {
      const res = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      return Buffer.from((await res.Body?.transformToByteArray()) ?? []);
    },
    put: async (key, body) => {
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
    },
    destroy: () => client.destroy(),
  };
}
