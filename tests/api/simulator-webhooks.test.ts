import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toBase64 } from "../fixtures/images";
import { SimClient } from "../fixtures/simulator-client";
import { makeDatasetZip } from "../fixtures/zips";
import { freePort, type RunningServer, removeDir, startSimulator, tempDir } from "../helpers/servers";
import { waitFor } from "./server-helpers";

/**
 * The simulator's webhooks over real HTTP: the configured shape with BFL's signature, a receiver's
 * failures retried, finetune endings included, and a webhook owed across a restart sent once.
 */

interface Hit {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}
const hits: Hit[] = [];
let failFirst = 0;
let receiver: Server;
let hookBase: string;
const started: (RunningServer & { dataDir: string })[] = [];
const dataDir = tempDir("sim-webhooks");

function receive(req: IncomingMessage, res: ServerResponse) {
  let body = "";
  req.on("data", (d: Buffer) => {
    body += d.toString();
  });
  req.on("end", () => {
    hits.push({ path: req.url ?? "", headers: req.headers, body, at: Date.now() });
    if (failFirst > 0) {
      failFirst--;
      res.writeHead(500).end();
    } else res.writeHead(204).end();
  });
}

let simPort = 0;
async function launch(inferenceSeconds: string) {
  // The same port on every start: result links carry the origin the task was submitted to.
  simPort ||= await freePort();
  const s = await startSimulator({
    port: simPort,
    dataDir,
    env: {
      SIMULATOR_WEBHOOK_SHAPE: "signed",
      SIMULATOR_INFERENCE_SECONDS: inferenceSeconds,
      SIMULATOR_TRAINING_SECONDS: "60",
    },
  });
  started.push(s);
  return s;
}

beforeAll(async () => {
  receiver = createServer(receive);
  const port = await freePort();
  await new Promise<void>((r) => receiver.listen(port, "127.0.0.1", r));
  hookBase = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const s of started) {
    await s.stop();
    removeDir(s.dataDir);
  }
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
  removeDir(dataDir);
});

const hitsFor = (path: string) => hits.filter((h) => h.path === path);
const sig = (secret: string, body: string) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe("simulator webhooks", () => {
  let ft = "";
  let sim: RunningServer;

  it("a finetune's ending is sent signed, and retried after the receiver fails", async () => {
    // Images take 5 s here, so the next test can stop the simulator before one is done.
    sim = await launch("5");
    const api = new SimClient(sim.url);
    failFirst = 1;
    ft = await api.createFinetune({
      iterations: 100,
      webhook_url: `${hookBase}/ft`,
      webhook_secret: "ft-secret",
    });
    await api.complete(ft);
    const got = await waitFor("the retried finetune webhook", async () =>
      hitsFor("/ft").length === 2 ? hitsFor("/ft") : null,
    );
    for (const h of got) {
      expect(JSON.parse(h.body)).toMatchObject({ id: ft, status: "Ready", result: null });
      expect(h.headers["x-bfl-signature"]).toBe(sig("ft-secret", h.body));
    }
    const log = (await api.control<{ deliveries: Record<string, unknown>[] }>("GET", "webhooks")).body
      .deliveries;
    expect(log.find((d) => d.task_id === ft)).toMatchObject({ shape: "signed", attempts: 2, answered: 204 });
    expect(JSON.stringify(log)).not.toContain("ft-secret");
  });

  it("an image's webhook owed at a restart is sent once by the restarted simulator", async () => {
    const api = new SimClient(sim.url);
    const sub = await api.post("/v1/flux-pro-1.1-ultra-finetuned", {
      finetune_id: ft,
      prompt: "owed",
      webhook_url: `${hookBase}/img`,
      webhook_secret: "img-secret",
    });
    expect(sub.status, sub.text).toBe(200);
    const id = sub.body.id ?? "";
    // Stopped before the image is done: the webhook is owed, kept in the state file.
    await started.pop()?.stop();
    expect(hitsFor("/img")).toHaveLength(0);
    const again = await launch("0.3");
    const done = await new SimClient(again.url).waitDone(id);
    expect(done.status).toBe("Ready");
    const [hit] = await waitFor("the owed webhook", async () =>
      hitsFor("/img").length ? hitsFor("/img") : null,
    );
    const body = JSON.parse(hit?.body ?? "{}") as {
      id: string;
      status: string;
      result: { sample: string; prompt: string };
    };
    expect(body).toMatchObject({ id, status: "Ready", result: { prompt: "owed" } });
    expect(hit?.headers["x-bfl-signature"]).toBe(sig("img-secret", hit?.body ?? ""));
    expect((await fetch(body.result.sample)).status).toBe(200);
    // A second restart owes nothing: the finetune's and the image's webhooks are not sent again.
    await started.pop()?.stop();
    const third = await launch("0.3");
    const third_api = new SimClient(third.url);
    const probe = await third_api.post("/v1/flux-pro-1.1-ultra-finetuned", {
      finetune_id: ft,
      prompt: "probe",
      webhook_url: `${hookBase}/probe`,
    });
    await waitFor("the probe's webhook", async () => hitsFor("/probe").length > 0);
    expect(probe.status).toBe(200);
    expect(hitsFor("/img")).toHaveLength(1);
    expect(hitsFor("/ft")).toHaveLength(2);
    expect(hitsFor("/probe")[0]?.headers["x-bfl-signature"]).toBeUndefined();
  });
});

describe("simulator webhooks, live profile", () => {
  it("a klein LoRA generation calls back once, signed, after Generating; its polling_url is regional", async () => {
    const live = await startSimulator({
      profile: "live",
      env: {
        SIMULATOR_WEBHOOK_SHAPE: "alternate",
        SIMULATOR_INFERENCE_SECONDS: "0.2",
        SIMULATOR_GENERATING_MS: "300",
      },
    });
    started.push(live);
    const api = new SimClient(live.url);
    const submittedAt = Date.now();
    const sub = await api.post("/v1/flux-2-klein-9b-finetuned", {
      finetune_id: "my-style-lora",
      prompt: "klein hook",
      webhook_url: `${hookBase}/klein`,
      webhook_secret: "klein-secret",
    });
    expect(sub.status, sub.text).toBe(200);
    const id = sub.body.id ?? "";
    expect(new URL(String(sub.body.polling_url)).port).not.toBe(String(live.port));
    const [hit] = await waitFor("the klein webhook", async () =>
      hitsFor("/klein").length ? hitsFor("/klein") : null,
    );
    // Not before the task's Pending (0.2 s) and Generating (0.3 s) are over.
    expect((hit?.at ?? 0) - submittedAt).toBeGreaterThanOrEqual(500);
    // The first webhook of a fresh simulator in `alternate` is the signed shape.
    const body = JSON.parse(hit?.body ?? "{}") as { id: string; status: string; result: { sample: string } };
    expect(body).toMatchObject({ id, status: "Ready", result: { prompt: "klein hook" } });
    expect(hit?.headers["x-bfl-signature"]).toBe(sig("klein-secret", hit?.body ?? ""));
    expect((await fetch(body.result.sample)).status).toBe(200);
    // A legacy FLUX.1 finetune kept from the beta is served in live too, and its images call back.
    const kept = await api.control<{ finetune_id: string }>("POST", "legacy-finetunes", {
      file_data: toBase64(await makeDatasetZip(4)),
      finetune_comment: "kept",
      mode: "character",
      webhook_url: `${hookBase}/kept-ft`,
    });
    expect(kept.status, kept.text).toBe(200);
    const ultra = await api.post("/v1/flux-pro-1.1-ultra-finetuned", {
      finetune_id: kept.body.finetune_id,
      prompt: "kept ultra",
      webhook_url: `${hookBase}/ultra`,
      webhook_secret: "ultra-secret",
    });
    expect(ultra.status, ultra.text).toBe(200);
    const [u] = await waitFor("the ultra webhook", async () =>
      hitsFor("/ultra").length ? hitsFor("/ultra") : null,
    );
    // Second webhook under `alternate`: the legacy shape with the secret in a header.
    expect(JSON.parse(u?.body ?? "{}")).toMatchObject({ task_id: ultra.body.id, status: "SUCCESS" });
    expect(u?.headers["x-webhook-secret"]).toBe("ultra-secret");
    expect(hitsFor("/klein")).toHaveLength(1);
    expect(hitsFor("/kept-ft")).toHaveLength(0);
  });
});
