import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LimitsStandIn, startLimitsStandIn } from "../fixtures/limits-bfl";
import { peakRssMb } from "../fixtures/proc";
import { type RunningServer, removeDir, startDashboard } from "../helpers/servers";
import { call, expectError, ULTRA, waitFor, waitGeneration } from "./server-helpers";

/**
 * What BFL's answers may cost or reveal, against a stand-in BFL: a result image larger than 60 MB is cut
 * off while streaming; a key BFL echoes back in its texts is never stored or shown; a generation
 * deleted while its image is being fetched leaves no file.
 */

type Json = Record<string, unknown>;
const CANARY = "canary-key-ECHOED-BY-BFL-4c1e9b";
let stub: LimitsStandIn;
let dash: RunningServer & { dataDir: string };

beforeAll(async () => {
  stub = await startLimitsStandIn(CANARY);
  dash = await startDashboard({ bflUrl: stub.url, env: { BFL_API_KEY: CANARY, BFL_TIMEOUT_MS: "20000" } });
});

afterAll(async () => {
  await dash?.stop();
  await stub?.close();
  if (dash) removeDir(dash.dataDir);
});

async function generate(prompt: string): Promise<string> {
  const a = await call<{ generation: Json }>(dash.url, "/api/generations", {
    method: "POST",
    json: { endpoint: ULTRA, finetune_id: "ft-live", prompt },
  });
  expect(a.status, a.text).toBe(202);
  return String(a.body.generation.id);
}

/** Files under DATA_DIR/<dir> whose name mentions `id` (temp files included). */
function filesOf(dir: string, id: string): string[] {
  try {
    return readdirSync(path.join(dash.dataDir, dir)).filter((f) => f.includes(id));
  } catch {
    return [];
  }
}

const errorMessage = (g: Json) => String((g.error as { message?: unknown } | null)?.message);

describe("result images from BFL", () => {
  it("an ordinary result is streamed to disk and stored with its thumbnail", async () => {
    const id = await generate("ok");
    const g = await waitGeneration(dash, id);
    expect(g.status).toBe("Ready");
    expect(filesOf("images", id)).toEqual([`${id}.jpg`]);
    expect(filesOf("thumbnails", id)).toEqual([`${id}.webp`]);
  });

  it("a 300 MB result without Content-Length is cut off at 60 MB, never held whole, and leaves no file", async () => {
    const before = peakRssMb(dash.proc.pid);
    const id = await generate("huge");
    const g = await waitGeneration(dash, id, 60_000);
    expect(g.status).toBe("Error");
    expect(g.error).toMatchObject({ code: "bfl_bad_response" });
    expect(errorMessage(g)).toMatch(/larger than 60 MB; the dashboard did not save it/);
    await waitFor("the stand-in to see the download cut off", async () => stub.hugeClosedEarly());
    const after = peakRssMb(dash.proc.pid);
    console.log(
      `huge result: ${Math.round(stub.hugeSent() / 1024 / 1024)} MB of 300 MB sent before the cut-off; dashboard peak RSS ${Math.round(before)} -> ${Math.round(after)} MB`,
    );
    // 60 MB plus what sat in socket buffers; the rest was never sent.
    expect(stub.hugeSent()).toBeLessThan(100 * 1024 * 1024);
    expect(after - before).toBeLessThan(150);
    expect(filesOf("images", id)).toEqual([]);
    expect(filesOf("thumbnails", id)).toEqual([]);
  });

  it("a generation deleted while its image is being fetched leaves no file", async () => {
    const id = await generate("slow");
    await waitFor("the result download to start", async () => stub.slowStarted(), 30_000);
    const del = await call(dash.url, `/api/generations/${id}`, { method: "DELETE" });
    expect(del.status, del.text).toBeLessThan(300);
    expect((await call(dash.url, `/api/generations/${id}`)).status).toBe(404);
    stub.releaseSlow();
    await waitFor("the dashboard to finish the deleted generation's download", async () =>
      dash.output().includes(`generation ${id} was deleted while its result was fetched`),
    );
    for (const dir of ["images", "thumbnails", "inputs"]) expect(filesOf(dir, id)).toEqual([]);
  });
});

describe("JSON answers from BFL", () => {
  it("a 5 MB answer to a submission is refused as a bad response, none of it forwarded", async () => {
    const a = await call(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: "ft-live", prompt: "huge-answer" },
    });
    expectError(a, 502, "bfl_bad_response");
    expect(a.text.length).toBeLessThan(2_000);
  });
});

describe("the key echoed back by BFL", () => {
  it("is redacted from error and moderation reasons, 422 messages and finetune details", async () => {
    const failed = await waitGeneration(dash, await generate("fails"));
    expect(failed.status).toBe("Error");
    expect(errorMessage(failed)).toBe("BFL could not generate this image: worker crashed, key [redacted]");
    const moderated = await waitGeneration(dash, await generate("moderated"));
    expect(errorMessage(moderated)).toMatch(/\(x-key: \[redacted\], NSFW \[redacted\]\)/);
    const invalid = await call(dash.url, "/api/generations", {
      method: "POST",
      json: { endpoint: ULTRA, finetune_id: "ft-live", prompt: "invalid" },
    });
    expectError(invalid, 422, "bfl_validation", /prompt: bad for key \[redacted\]/);

    const answers = [
      invalid.text,
      (await call(dash.url, "/api/generations")).text,
      (await call(dash.url, "/api/finetunes")).text,
      (await call(dash.url, "/api/finetunes/ft-live")).text,
    ];
    for (const page of ["/", "/gallery", "/finetunes", "/finetunes/ft-live", "/playground"]) {
      const res = await fetch(`${dash.url}${page}`);
      expect(res.status, page).toBe(200);
      answers.push(await res.text());
    }
    for (const text of answers) expect(text).not.toContain(CANARY);
    expect(answers.join("\n")).toContain("comment with [redacted]");

    for (const f of readdirSync(dash.dataDir).filter((n) => n.startsWith("studio.db"))) {
      expect(readFileSync(path.join(dash.dataDir, f)).includes(CANARY), f).toBe(false);
    }
    expect(dash.output()).not.toContain(CANARY);
  });
});
