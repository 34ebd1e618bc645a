import { readdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generationEnvelopeSchema } from "@/lib/api/types";
import { freePort, type RunningServer, removeDir, startDashboard } from "../helpers/servers";
import { call, callParsed, expectError, photo, ULTRA, waitFor, waitGeneration } from "./server-helpers";

/**
 * What BFL's answers may cost or reveal, against a stand-in BFL: a result image larger than 60 MB is cut
 * off while streaming; a key BFL echoes back in its texts is never stored or shown; a generation
 * deleted while its image is being fetched leaves no file.
 */

type Json = Record<string, unknown>;
const CANARY = "canary-key-ECHOED-BY-BFL-4c1e9b";
const HUGE = 300 * 1024 * 1024;
let stub: Server;
let stubUrl: string;
let dash: RunningServer & { dataDir: string };
const tasks = new Map<string, string>();
let hugeSent = 0;
let hugeClosedEarly = false;
let slowStarted = false;
let releaseSlow: () => void = () => {};
let jpeg: Buffer;

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || "{}") as Json;
}

/** 300 MB of bytes, chunked (no Content-Length), respecting back-pressure; counts what left. */
function serveHuge(res: ServerResponse) {
  res.writeHead(200, { "content-type": "image/jpeg" });
  const chunk = Buffer.alloc(1024 * 1024, 0xff);
  res.on("close", () => {
    if (hugeSent < HUGE) hugeClosedEarly = true;
  });
  const pump = () => {
    while (hugeSent < HUGE && !res.destroyed) {
      hugeSent += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

function resultFor(id: string, prompt: string): Json {
  const ready = (sample: string) => ({ id, status: "Ready", result: { sample, seed: 1 } });
  if (prompt === "huge") return ready(`${stubUrl}/results/huge.jpg`);
  if (prompt === "slow") return ready(`${stubUrl}/results/slow.jpg`);
  if (prompt === "fails")
    return { id, status: "Error", result: null, details: { error: `worker crashed, key ${CANARY}` } };
  if (prompt === "moderated")
    return {
      id,
      status: "Content Moderated",
      result: null,
      details: { "Moderation Reasons": [`x-key: ${CANARY}`, `NSFW ${CANARY}`] },
    };
  return ready(`${stubUrl}/results/ok.jpg`);
}

beforeAll(async () => {
  jpeg = Buffer.from(await photo(64, 64, 7));
  const port = await freePort();
  stub = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stub");
    if (url.pathname.startsWith("/results/")) {
      req.resume();
      if (url.pathname === "/results/huge.jpg") return serveHuge(res);
      if (url.pathname === "/results/slow.jpg") {
        res.writeHead(200, { "content-type": "image/jpeg" });
        res.write(jpeg.subarray(0, 100));
        slowStarted = true;
        releaseSlow = () => res.end(jpeg.subarray(100));
        return;
      }
      res.writeHead(200, { "content-type": "image/jpeg" });
      return res.end(jpeg);
    }
    if (req.headers["x-key"] !== CANARY) return send(res, 403, { detail: "Not authenticated" });
    if (url.pathname === "/v1/my_finetunes") return send(res, 200, { finetunes: ["ft-live"] });
    if (url.pathname === "/v1/finetune_details")
      return send(res, 200, {
        finetune_details: {
          finetune_comment: `comment with ${CANARY}`,
          trigger_word: CANARY,
          mode: "character",
          timestamp: "2026-01-02T03:04:05Z",
        },
      });
    if (url.pathname === "/v1/get_result") {
      const id = url.searchParams.get("id") ?? "";
      return send(res, 200, resultFor(id, tasks.get(id) ?? ""));
    }
    if (url.pathname === `/v1/${ULTRA}`) {
      const body = await readJson(req);
      if (body.prompt === "invalid")
        return send(res, 422, {
          detail: [{ loc: ["body", "prompt"], msg: `bad for key ${CANARY}`, type: "value_error" }],
        });
      const id = `task-${tasks.size + 1}`;
      tasks.set(id, String(body.prompt));
      return send(res, 200, { id, polling_url: `${stubUrl}/v1/get_result?id=${id}` });
    }
    req.resume();
    send(res, 404, { detail: "Not Found" });
  });
  await new Promise<void>((r) => stub.listen(port, "127.0.0.1", () => r()));
  stubUrl = `http://127.0.0.1:${port}`;
  dash = await startDashboard({ bflUrl: stubUrl, env: { BFL_API_KEY: CANARY, BFL_TIMEOUT_MS: "20000" } });
});

afterAll(async () => {
  releaseSlow();
  await dash?.stop();
  stub?.closeAllConnections();
  await new Promise((r) => stub?.close(r));
  if (dash) removeDir(dash.dataDir);
});

async function generate(prompt: string): Promise<string> {
  const a = await callParsed(generationEnvelopeSchema, dash.url, "/api/generations", {
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

function peakRssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? "0") / 1024;
}

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
    await waitFor("the stand-in to see the download cut off", async () => hugeClosedEarly);
    const after = peakRssMb(dash.proc.pid);
    console.log(
      `huge result: ${Math.round(hugeSent / 1024 / 1024)} MB of 300 MB sent before the cut-off; dashboard peak RSS ${Math.round(before)} -> ${Math.round(after)} MB`,
    );
    // 60 MB plus what sat in socket buffers; the rest was never sent.
    expect(hugeSent).toBeLessThan(100 * 1024 * 1024);
    expect(after - before).toBeLessThan(150);
    expect(filesOf("images", id)).toEqual([]);
    expect(filesOf("thumbnails", id)).toEqual([]);
  });

  it("a generation deleted while its image is being fetched leaves no file", async () => {
    const id = await generate("slow");
    await waitFor("the result download to start", async () => slowStarted, 30_000);
    const del = await call(dash.url, `/api/generations/${id}`, { method: "DELETE" });
    expect(del.status, del.text).toBeLessThan(300);
    expect((await call(dash.url, `/api/generations/${id}`)).status).toBe(404);
    releaseSlow();
    await waitFor("the dashboard to finish the deleted generation's download", async () =>
      dash.output().includes(`generation ${id} was deleted while its result was fetched`),
    );
    for (const dir of ["images", "thumbnails", "inputs"]) expect(filesOf(dir, id)).toEqual([]);
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
