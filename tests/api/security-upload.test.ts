import { createHash, randomBytes } from "node:crypto";
import JSZip from "jszip";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import { login, PASSWORD, postZeros } from "./security-helpers";
import { FAST_SIM_ENV, finetuneForm } from "./server-helpers";

/**
 * With a password set, every request passes through proxy.ts, and Next buffers proxied bodies only up
 * to `proxyClientMaxBodySize` (10 MB by default), silently truncating the rest. These uploads are far
 * larger than 10 MB: the stored dataset must be byte-for-byte what was sent.
 */

let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let cookie: string;

beforeAll(async () => {
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url, env: { DASHBOARD_PASSWORD: PASSWORD } });
  const r = await login(dash.url, PASSWORD);
  expect(r.res.status).toBe(204);
  cookie = r.cookie;
});

afterAll(() => stopServers(dash, sim));

/** Noise photos compress badly, so the ZIP is as large as real camera photos would make it. */
async function noisyDataset(
  count: number,
  width: number,
  height: number,
  quality: number,
): Promise<Uint8Array> {
  const zip = new JSZip();
  for (let i = 0; i < count; i++) {
    const raw = randomBytes(width * height * 3);
    const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } })
      .jpeg({ quality })
      .toBuffer();
    zip.file(`photo-${String(i).padStart(2, "0")}.jpg`, jpeg);
    zip.file(`photo-${String(i).padStart(2, "0")}.txt`, `a photo of TOK, number ${i}`);
  }
  return zip.generateAsync({ type: "uint8array", compression: "STORE" });
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

async function uploadAndCompare(zip: Uint8Array, images: number) {
  const res = await fetch(`${dash.url}/api/finetunes`, {
    method: "POST",
    headers: { cookie, origin: dash.url },
    body: finetuneForm(zip, { finetune_comment: `big ${zip.byteLength}`, mode: "product", iterations: 100 }),
  });
  const text = await res.text();
  expect(res.status, text).toBe(201);
  const { finetune } = JSON.parse(text) as { finetune: { id: string; image_count: number } };
  expect(finetune.image_count).toBe(images);
  const stored = await fetch(`${dash.url}/api/finetunes/${finetune.id}/dataset`, { headers: { cookie } });
  expect(stored.status).toBe(200);
  const bytes = new Uint8Array(await stored.arrayBuffer());
  expect(bytes.byteLength).toBe(zip.byteLength);
  expect(sha(bytes)).toBe(sha(zip));
  expect(dash.output()).not.toContain("Request body exceeded");
  // Behind a password no shared cache may keep the images.
  const image = await fetch(`${dash.url}/api/finetunes/${finetune.id}/images/0`, { headers: { cookie } });
  expect(image.status).toBe(200);
  expect(image.headers.get("cache-control")).toBe("private, max-age=31536000, immutable");
}

describe("large uploads through the proxy with auth on", () => {
  it("a 20-image dataset of 1 MP photos (> 10 MB) arrives whole", { timeout: 120_000 }, async () => {
    const zip = await noisyDataset(20, 1024, 1024, 90);
    expect(zip.byteLength).toBeGreaterThan(12 * 1024 * 1024);
    await uploadAndCompare(zip, 20);
  });

  it("a ~60 MB dataset (20 photos of 3 MP) arrives whole", { timeout: 180_000 }, async () => {
    const zip = await noisyDataset(20, 2000, 1500, 95);
    expect(zip.byteLength).toBeGreaterThan(55 * 1024 * 1024);
    await uploadAndCompare(zip, 20);
  });

  it("between the route's limit (150 MB) and the proxy's (200 MB): the route's clear 413", {
    timeout: 60_000,
  }, async () => {
    const res = await postZeros(`${dash.url}/api/finetunes`, 170 * 1024 * 1024, {
      cookie,
      "content-type": "multipart/form-data; boundary=x",
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({ code: "payload_too_large" });
  });

  it("without the session the upload is refused with 401 before anything is stored", async () => {
    const zip = await noisyDataset(2, 64, 64, 80);
    const res = await fetch(`${dash.url}/api/finetunes`, { method: "POST", body: finetuneForm(zip) });
    expect(res.status).toBe(401);
  });
});
