import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Finetune,
  finetuneEnvelopeSchema,
  generationEnvelopeSchema,
  healthSchema,
} from "@/lib/api/types";
import { type RunningS3, startS3rver, type TestBucket, testBucket } from "../helpers/s3rver";
import { type RunningServer, removeDir, startDashboard, startSimulator, tempDir } from "../helpers/servers";
import {
  call,
  callParsed,
  datasetZip,
  expectError,
  FAST_SIM_ENV,
  FINETUNE_PARAMS,
  finetuneForm,
  readyFinetune,
  ULTRA,
  waitFor,
  waitGeneration,
} from "./server-helpers";

/**
 * The S3-compatible driver against a real S3 server on loopback (s3rver): what the dashboard stores is
 * in the bucket (checked with the AWS SDK), served by the dashboard's own routes, removed on delete and
 * by the start-up sweep; a storage outage is a clear error and loses nothing.
 */

let s3: RunningS3;
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let bucket: TestBucket;
const dataDir = tempDir("dash-s3");

beforeAll(async () => {
  s3 = await startS3rver();
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url, dataDir, env: s3.env });
  bucket = testBucket(s3);
});

afterAll(async () => {
  await dash?.stop();
  await sim?.stop();
  await s3?.stop();
  bucket?.destroy();
  removeDir(dataDir);
  if (sim) removeDir(sim.dataDir);
  if (s3) removeDir(s3.dir);
});

async function generate(prompt: string): Promise<string> {
  const created = await callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, finetune_id: ft.id, prompt, aspect_ratio: "1:1" },
  });
  expect(created.status, created.text).toBe(202);
  return created.body.generation.id;
}

let ft: Finetune;

describe("S3-compatible storage", () => {
  it("reports the bucket in /api/health", async () => {
    const health = await callParsed(healthSchema, dash.url, "/api/health");
    expect(health.body.storage).toEqual({ driver: "s3", ok: true, message: null });
  });

  it("stores an uploaded dataset in the bucket, serves it back and sends it to BFL from there", async () => {
    const zip = await datasetZip(3);
    const created = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(zip),
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.finetune.id;
    expect(await bucket.keys(`datasets/${id}/`)).toEqual(
      [
        "dataset.zip",
        "images/0.jpg",
        "images/1.jpg",
        "images/2.jpg",
        "thumbs/0.webp",
        "thumbs/1.webp",
        "thumbs/2.webp",
      ].map((k) => `datasets/${id}/${k}`),
    );
    expect((await bucket.object(`datasets/${id}/dataset.zip`)).equals(Buffer.from(zip))).toBe(true);
    // Nothing of it under DATA_DIR: the bucket holds the files.
    expect(existsSync(path.join(dataDir, "datasets", id))).toBe(false);

    const image = await fetch(`${dash.url}/api/finetunes/${id}/images/1`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/jpeg");
    expect(image.headers.get("cache-control")).toMatch(/max-age=31536000, immutable/);
    const served = new Uint8Array(await image.arrayBuffer());
    expect(Buffer.from(served).equals(await bucket.object(`datasets/${id}/images/1.jpg`))).toBe(true);
    expect((await fetch(`${dash.url}/api/finetunes/${id}/images/1/thumbnail`)).status).toBe(200);

    // Retrain: the dataset comes back from the bucket byte for byte and makes a new finetune.
    const download = await fetch(`${dash.url}/api/finetunes/${id}/dataset`);
    expect(download.status).toBe(200);
    const again = new Uint8Array(await download.arrayBuffer());
    expect(Buffer.from(again).equals(Buffer.from(zip))).toBe(true);
    const retrained = await callParsed(finetuneEnvelopeSchema, dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(again, { ...FINETUNE_PARAMS, finetune_comment: "retrained" }),
    });
    expect(retrained.status, retrained.text).toBe(201);
    expect(retrained.body.finetune.status).toBe("Pending");
  });

  it("stores a result image in the bucket, serves it from the dashboard and deletes it with the generation", async () => {
    ft = await readyFinetune(dash, sim, "s3 lora");
    const id = await generate("TOK in a bucket");
    const gen = await waitGeneration(dash, id);
    expect(gen.status).toBe("Ready");
    expect(await bucket.keys("images/")).toContain(`images/${id}.jpg`);
    expect(await bucket.keys("thumbnails/")).toContain(`thumbnails/${id}.webp`);

    const res = await fetch(`${dash.url}${String(gen.image_url)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    expect(res.headers.get("cache-control")).toMatch(/immutable/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes).equals(await bucket.object(`images/${id}.jpg`))).toBe(true);
    expect((await fetch(`${dash.url}${String(gen.thumbnail_url)}`)).status).toBe(200);

    expect((await call(dash.url, `/api/generations/${id}`, { method: "DELETE" })).status).toBe(200);
    expect(await bucket.keys(`images/${id}`)).toEqual([]);
    expect(await bucket.keys(`thumbnails/${id}`)).toEqual([]);
  });

  it("answers a clear error while the storage service is down, and loses nothing", async () => {
    const before = await bucket.keys("");
    const pending = await generate("TOK while storage is down");
    await s3.stop();

    // ?probe=1 asks the bucket now (a plain call may reuse the earlier test's success for a few seconds).
    const health = await callParsed(healthSchema, dash.url, "/api/health?probe=1");
    expect(health.status).toBe(200);
    expect(health.body.storage?.ok).toBe(false);
    expect(String(health.body.storage?.message)).toMatch(/could not be reached.*AWS_ENDPOINT_URL_S3/);

    const upload = await call(dash.url, "/api/finetunes", {
      method: "POST",
      body: finetuneForm(await datasetZip(2)),
    });
    expectError(
      upload,
      507,
      "storage_failed",
      /storage service at http:\/\/127\.0\.0\.1:\d+ could not be reached/,
    );

    // The finished image cannot be stored yet: the generation waits (Pending) and is tried again.
    await waitFor("a failed store of the result", async () =>
      dash.output().includes(`poll of g:${pending} failed`),
    );
    expect(
      (await callParsed(generationEnvelopeSchema, dash.url, `/api/generations/${pending}`)).body.generation
        .status,
    ).toBe("Pending");

    s3 = await startS3rver({ port: s3.port, dir: s3.dir, bucket: s3.bucket });
    const gen = await waitGeneration(dash, pending, 60_000);
    expect(gen.status).toBe("Ready");
    expect((await fetch(`${dash.url}${String(gen.image_url)}`)).status).toBe(200);
    // Everything stored before the outage is still there; the refused upload left nothing.
    const after = await bucket.keys("");
    for (const k of before) expect(after).toContain(k);
    expect(after.filter((k) => !before.includes(k)).sort()).toEqual(
      [`images/${pending}.jpg`, `thumbnails/${pending}.webp`].sort(),
    );
  });

  it.each([
    [
      "a missing bucket",
      { S3_BUCKET: "no-such-bucket" },
      /bucket "no-such-bucket" does not exist .*S3_BUCKET/,
    ],
    ["refused credentials", { AWS_ACCESS_KEY_ID: "WRONG" }, /refused the credentials .*AWS_ACCESS_KEY_ID/],
  ] as const)("names %s in /api/health and in the upload's error", async (_what, env, words) => {
    // s3rver does not check SigV4 signatures, only the access key id: a wrong key id stands for bad credentials.
    const other = await startDashboard({ bflUrl: sim.url, env: { ...s3.env, ...env } });
    try {
      const health = await callParsed(healthSchema, other.url, "/api/health");
      expect(health.body.storage?.ok).toBe(false);
      expect(String(health.body.storage?.message)).toMatch(words);
      const upload = await call(other.url, "/api/finetunes", {
        method: "POST",
        body: finetuneForm(await datasetZip(2)),
      });
      expectError(upload, 507, "storage_failed", words);
    } finally {
      await other.stop();
      removeDir(other.dataDir);
    }
  });

  it("sweeps orphaned objects from the bucket at start and keeps what rows point to", async () => {
    const kept = await bucket.keys("");
    const orphanFt = "11111111-1111-4111-8111-111111111111";
    const orphanGen = "22222222-2222-4222-8222-222222222222";
    const planted = [
      `datasets/${orphanFt}/dataset.zip`,
      `datasets/${orphanFt}/images/0.jpg`,
      `images/${orphanGen}.png`,
      `thumbnails/${orphanGen}.webp`,
      `inputs/${orphanGen}/image_prompt.bin`,
    ];
    for (const Key of planted) {
      await bucket.put(Key, "left by a crash");
    }
    // S3 keeps whole seconds: the restarted process must begin in a later second than the planting.
    const plantedSecond = Math.floor(Date.now() / 1000);
    await dash.stop();
    await waitFor("the next second", async () => Math.floor(Date.now() / 1000) > plantedSecond, 5_000, 50);
    dash = await startDashboard({ bflUrl: sim.url, dataDir, env: s3.env });
    await waitFor("the sweep", async () => dash.output().includes("start-up sweep removed 4 orphaned"));
    expect(await bucket.keys("")).toEqual(kept);
  });
});
