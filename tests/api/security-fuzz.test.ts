import { randomBytes } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INFERENCE_ENDPOINTS } from "@/lib/bfl";
import { type RunningServer, startDashboard, startSimulator, stopServers } from "../helpers/servers";
import { FAST_SIM_ENV } from "./server-helpers";

/**
 * Fuzzing every API route over real HTTP (fast-check, bounded): random and malformed bodies, params and
 * query strings always get a status below 500, errors are `{code, message}`, the server keeps serving,
 * and no path ever reads a file outside DATA_DIR.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SENTINEL = `SENTINEL-${randomBytes(8).toString("hex")}`;
const sentinelName = `fts-sentinel-${randomBytes(4).toString("hex")}`;
const sentinelFile = path.join(tmpdir(), `${sentinelName}.png`);
let sim: RunningServer & { dataDir: string };
let dash: RunningServer & { dataDir: string };
let requests = 0;

beforeAll(async () => {
  writeFileSync(sentinelFile, SENTINEL);
  sim = await startSimulator({ env: FAST_SIM_ENV });
  dash = await startDashboard({ bflUrl: sim.url, env: { BFL_TIMEOUT_MS: "2000" } });
});

afterAll(async () => {
  await stopServers(dash, sim);
  rmSync(sentinelFile, { force: true });
});

/** A raw request: the path goes on the wire exactly as given (fetch would normalise `../`). */
function raw(method: string, rawPath: string, body?: Uint8Array | string, contentType?: string) {
  requests++;
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) {
      headers["content-type"] = contentType ?? "application/octet-stream";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    const req = httpRequest({ host: "127.0.0.1", port: dash.port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("latin1") }),
      );
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout ${method} ${rawPath}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function expectSane(r: { status: number; text: string }, what: string, jsonErrors = true) {
  // No tolerance for upstream errors either: junk ids must be refused, never crash the simulator.
  expect(r.status, `${what} -> ${r.status} ${r.text.slice(0, 300)}`).toBeLessThan(500);
  expect(r.status, what).toBeGreaterThanOrEqual(200);
  expect(r.text, what).not.toContain(SENTINEL);
  expect(r.text, what).not.toContain("root:x:0:0");
  // 405 for a method a route does not define comes from Next itself, with an Allow header and no body.
  if (r.status >= 400 && r.status !== 405 && jsonErrors) {
    const body = JSON.parse(r.text) as Record<string, unknown>;
    expect(typeof body.code, what).toBe("string");
    expect(typeof body.message, what).toBe("string");
  }
}

const JUNK_IDS = [
  "..",
  "../..",
  "..%2F..%2Fetc%2Fpasswd",
  "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
  "..%252f..%252fetc%252fpasswd",
  "..%5c..%5cwindows",
  `..%2F..%2F..%2F..%2F..%2F..%2Ftmp%2F${sentinelName}`,
  `%2Ftmp%2F${sentinelName}.png`,
  "%00",
  "a%00b",
  "%ff%fe",
  "CON",
  ".",
  "~",
  "a".repeat(4000),
  "00000000-0000-0000-0000-000000000000",
  "%E2%80%AE",
  // Built-in property names: a plain-object lookup would find something for these.
  "toString",
  "constructor",
  "__proto__",
  "valueOf",
  "hasOwnProperty",
];
const idArb = fc.oneof(
  fc.constantFrom(...JUNK_IDS),
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.uuid(),
  fc.string({ unit: "binary", maxLength: 40 }).map(encodeURIComponent),
);
const indexArb = fc.oneof(
  fc.integer({ min: -5, max: 5000 }).map(String),
  fc.constantFrom("NaN", "1e9", "0x10", "..", "-0", "1.5"),
  fc.string({ maxLength: 8 }).map(encodeURIComponent),
);
const queryArb = fc
  .dictionary(
    fc.oneof(
      fc.constantFrom("finetune_id", "endpoint", "limit", "before", "status"),
      fc.string({ maxLength: 10 }),
    ),
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.integer().map(String),
      fc.constantFrom("-1", "0", "1e99", "../x", "%00"),
    ),
  )
  .map((d) => new URLSearchParams(d).toString());
const contentTypeArb = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "multipart/form-data; boundary=fuzz",
  "multipart/form-data",
  "application/x-www-form-urlencoded",
  "",
);
const generationLike = fc.record(
  {
    endpoint: fc.oneof(fc.constantFrom(...INFERENCE_ENDPOINTS), fc.string()),
    finetune_id: fc.oneof(fc.uuid(), fc.string(), fc.integer()),
    prompt: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    finetune_strength: fc.oneof(fc.double(), fc.string(), fc.constant(1e308)),
    seed: fc.oneof(fc.integer(), fc.double(), fc.string()),
    width: fc.oneof(fc.integer(), fc.string()),
    image_prompt: fc.oneof(fc.string(), fc.base64String({ maxLength: 200 })),
    __proto__: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const bodyArb = fc.oneof(
  fc.json(),
  fc.string(),
  fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString("latin1")),
  generationLike.map((o) => JSON.stringify(o)),
  fc.constantFrom("{", "[", '{"a":', "null", "1e999999", '"\\ud800"', `{"x":${"[".repeat(5000)}`),
);

const run = (prop: fc.IAsyncProperty<[unknown, ...unknown[]]>) => fc.assert(prop, { numRuns: RUNS });

describe("fuzzing every API route", { timeout: 300_000 }, () => {
  it("GET list routes with random query strings", async () => {
    await run(
      fc.asyncProperty(
        fc.constantFrom("/api/finetunes", "/api/generations", "/api/health"),
        queryArb,
        async (p, q) => {
          expectSane(await raw("GET", `${p}?${q}`), `GET ${p}?${q}`);
        },
      ),
    );
  });

  it("GET/DELETE on every id route with junk ids, indexes and queries", async () => {
    const routes = [
      (id: string) => `/api/finetunes/${id}`,
      (id: string) => `/api/finetunes/${id}/dataset`,
      (id: string) => `/api/finetunes/${id}/images`,
      (id: string, i: string) => `/api/finetunes/${id}/images/${i}`,
      (id: string, i: string) => `/api/finetunes/${id}/images/${i}/thumbnail`,
      (id: string) => `/api/generations/${id}`,
      (id: string) => `/api/generations/${id}/image`,
      (id: string) => `/api/generations/${id}/thumbnail`,
    ];
    await run(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        idArb,
        indexArb,
        fc.constantFrom("GET", "DELETE", "HEAD"),
        async (r, id, i, method) => {
          const p = (routes[r] ?? routes[0])?.(id, i) ?? "/";
          const res = await raw(method, p);
          if (method === "HEAD") expect(res.status, p).toBeLessThan(500);
          // A literal `.`/`..` segment is resolved before routing and may leave /api (HTML 404).
          else expectSane(res, `${method} ${p}`, !/(^|\/)\.\.?(\/|$)/.test(p));
        },
      ),
    );
  });

  it("ids named like built-in properties are unknown ids everywhere (dashboard and simulator)", async () => {
    for (const id of ["toString", "constructor", "__proto__", "valueOf", "hasOwnProperty"]) {
      // Each has a finetune id's shape (LoRA names may hold `_`): the dashboard does not know it, looks it
      // up at BFL (here: the simulator) and answers "not found", never a built-in property.
      const finetune = await raw("GET", `/api/finetunes/${id}`);
      expectSane(finetune, `GET /api/finetunes/${id}`);
      expect(finetune.status, finetune.text).toBe(404);
      // Generation ids have a fixed shape: refused before any lookup.
      const generation = await raw("GET", `/api/generations/${id}`);
      expectSane(generation, `GET /api/generations/${id}`);
      expect([400, 404], generation.text).toContain(generation.status);
    }
  });

  it("raw traversal paths never reach a file outside DATA_DIR", async () => {
    for (const route of ["/api/generations", "/api/finetunes"]) {
      for (const tail of ["image", "thumbnail", "dataset", "images/0", "images/0/thumbnail"]) {
        for (const id of [
          `../../../../tmp/${sentinelName}`,
          "../../../../../etc/passwd",
          `..\\..\\tmp\\${sentinelName}`,
        ]) {
          // `../` is resolved before routing: the request may land outside /api (an HTML 404 or a redirect).
          const res = await raw("GET", `${route}/${id}/${tail}`);
          expectSane(res, `${route}/${id}/${tail}`, false);
          expect([301, 302, 303, 307, 308, 400, 401, 404], `${route}/${id}/${tail}`).toContain(res.status);
        }
      }
    }
  });

  it("POST /api/generations with random and malformed bodies", async () => {
    await run(
      fc.asyncProperty(bodyArb, contentTypeArb, async (body, type) => {
        expectSane(
          await raw("POST", "/api/generations", body, type),
          `POST /api/generations ${type} ${body.slice(0, 80)}`,
        );
      }),
    );
  });

  it("POST /api/finetunes with multipart garbage", async () => {
    const part = fc.record({
      name: fc.constantFrom("dataset", "params", "x", 'a"b'),
      filename: fc.option(fc.constantFrom("d.zip", "../../x.zip", "", "a\r\nb")),
      value: fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b).toString("latin1")),
      ),
    });
    const multipart = fc.array(part, { maxLength: 4 }).map((parts) => {
      const chunks = parts.map(
        (p) =>
          `--fuzz\r\nContent-Disposition: form-data; name="${p.name}"${p.filename === null ? "" : `; filename="${p.filename}"`}\r\n\r\n${p.value}\r\n`,
      );
      return `${chunks.join("")}--fuzz--\r\n`;
    });
    await run(
      fc.asyncProperty(fc.oneof(multipart, bodyArb), contentTypeArb, async (body, type) => {
        expectSane(await raw("POST", "/api/finetunes", body, type), `POST /api/finetunes ${type}`);
      }),
    );
  });

  it("POST /api/auth/login and unsupported methods", async () => {
    await run(
      fc.asyncProperty(
        bodyArb,
        fc.constantFrom("POST", "PUT", "PATCH"),
        fc.constantFrom("/api/auth/login", "/api/health", "/api/finetunes", "/api/generations/x"),
        async (body, method, p) => {
          const res = await raw(method, p, body, "application/json");
          expect(res.status, `${method} ${p}`).toBeLessThan(500);
        },
      ),
    );
  });

  it("the server is still up and healthy after all of it", async () => {
    expect(requests).toBeGreaterThan(RUNS * 5 - 1);
    const res = await fetch(`${dash.url}/api/health`);
    expect(res.status).toBe(200);
    expect(dash.proc.exitCode).toBeNull();
  });
});
