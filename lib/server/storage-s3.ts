import "server-only";
import { createReadStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { AppError } from "./errors";
import { log } from "./log";
import type { StorageDriver, StoredEntry, StoredFile } from "./storage-driver";

/**
 * The S3-compatible driver (S3_BUCKET). Credentials come from the AWS SDK's own chain
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile, an instance role); this module never reads them.
 * Uploads are single PUTs with a known length: every file is either bytes already in memory or a temp file.
 */

export interface S3Settings {
  bucket: string;
  endpoint: string | undefined;
  region: string;
  forcePathStyle: boolean;
}

const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
]);
const DENIED = new Set([
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "AccessDenied",
  "CredentialsProviderError",
  "ExpiredToken",
  "InvalidToken",
]);

function errName(err: unknown): { name: string; code: string; status: number | undefined } {
  const e = (err ?? {}) as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  return {
    name: typeof e.name === "string" ? e.name : "",
    code: typeof e.code === "string" ? e.code : "",
    status: e.$metadata?.httpStatusCode,
  };
}

/** Why a storage call failed, in plain words naming the setting to fix. */
export function s3Reason(err: unknown, s: S3Settings): string {
  const { name, code, status } = errName(err);
  const at = s.endpoint ? ` at ${s.endpoint}` : "";
  if (name === "NoSuchBucket" || (name === "NotFound" && status === 404)) {
    return `the bucket "${s.bucket}" does not exist${at}. Create it or fix S3_BUCKET`;
  }
  if (DENIED.has(name) || status === 403) {
    return `the storage service${at} refused the credentials for bucket "${s.bucket}". Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`;
  }
  if (NETWORK.has(code) || name === "TimeoutError" || name === "RequestTimeout" || code === "ECONNABORTED") {
    return `the storage service${at || " (S3)"} could not be reached. Check AWS_ENDPOINT_URL_S3 and that the service is running`;
  }
  if (name === "PermanentRedirect" || status === 301) {
    return `the bucket "${s.bucket}" is in another region. Set AWS_REGION to the bucket's region`;
  }
  return `the storage service${at} answered an error (${name || code || status || "unknown"})`;
}

export function s3Driver(s: S3Settings): StorageDriver {
  const client = new S3Client({
    region: s.region,
    endpoint: s.endpoint,
    forcePathStyle: s.forcePathStyle,
    // Checksums only where S3 requires them: several S3-compatible services reject the newer trailers.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
    // A service that accepts no connection is diagnosed in seconds, not after the OS gives up.
    requestHandler: { connectionTimeout: 4_000, requestTimeout: 60_000 },
  });
  const Bucket = s.bucket;
  const fail = (err: unknown, action: string): AppError => {
    if (err instanceof AppError) return err;
    log.error("storage", `S3 ${action} failed`, err);
    return new AppError("storage_failed", `Could not ${action}: ${s3Reason(err, s)}.`, { cause: err });
  };

  async function keysUnder(prefix: string): Promise<{ key: string; modifiedMs: number }[]> {
    const out: { key: string; modifiedMs: number }[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const o of page.Contents ?? []) {
        // S3 keeps whole seconds: the latest moment in that second, so nothing new looks old.
        if (o.Key) out.push({ key: o.Key, modifiedMs: (o.LastModified?.getTime() ?? Date.now()) + 999 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  return {
    kind: "s3",
    where: `s3://${s.bucket}${s.endpoint ? ` at ${s.endpoint}` : ""}`,

    async put(key, bytes) {
      try {
        await client.send(
          new PutObjectCommand({ Bucket, Key: key, Body: bytes, ContentLength: bytes.byteLength }),
        );
      } catch (err) {
        throw fail(err, "save a file");
      }
    },

    async putFile(key, localFile) {
      try {
        const { size } = await stat(localFile);
        await client.send(
          new PutObjectCommand({ Bucket, Key: key, Body: createReadStream(localFile), ContentLength: size }),
        );
      } catch (err) {
        throw fail(err, "save a file");
      } finally {
        await rm(localFile, { force: true }).catch(() => {});
      }
    },

    async get(key): Promise<StoredFile | null> {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        if (!res.Body) return null;
        return {
          body: res.Body.transformToWebStream() as ReadableStream<Uint8Array>,
          size: res.ContentLength ?? 0,
        };
      } catch (err) {
        if (errName(err).name === "NoSuchKey") return null;
        throw fail(err, "read a stored file");
      }
    },

    async remove(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
        const under = (await keysUnder(`${key}/`)).map((o) => ({ Key: o.key }));
        for (let i = 0; i < under.length; i += 1000) {
          await client.send(
            new DeleteObjectsCommand({ Bucket, Delete: { Objects: under.slice(i, i + 1000) } }),
          );
        }
      } catch (err) {
        throw fail(err, "remove a stored file");
      }
    },

    async list(dir): Promise<StoredEntry[]> {
      const byName = new Map<string, number>();
      try {
        for (const { key, modifiedMs } of await keysUnder(`${dir}/`)) {
          const name = key.slice(dir.length + 1).split("/")[0] ?? "";
          if (name) byName.set(name, Math.max(byName.get(name) ?? 0, modifiedMs));
        }
      } catch (err) {
        throw fail(err, "list stored files");
      }
      return [...byName].map(([name, modifiedMs]) => ({ name, modifiedMs }));
    },

    async probe() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
        return null;
      } catch (err) {
        return `${s3Reason(err, s)}.`;
      }
    },
  };
}
