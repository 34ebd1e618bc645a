import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeJpeg, makeMask, toBase64 } from "../fixtures/images";
import { SIM_KEY, SimClient } from "../fixtures/simulator-client";
import { makeDatasetZip } from "../fixtures/zips";
import { type RunningServer, removeDir, startSimulator, stopServers, tempDir } from "../helpers/servers";

/**
 * Acceptance: BFL's own `bfl_finetune.py` from the guide (tests/fixtures/bfl_finetune.py, indentation
 * restored, logic unchanged), with only its host replaced, runs the whole flow through its `fire` CLI.
 * Needs python3 with `requests` and `fire` (Debian: apt-get install python3-requests python3-fire).
 */

const PYTHON = ["/usr/bin/python3", "python3"].find(
  (p) => spawnSync(p, ["-c", "import requests, fire"], { encoding: "utf8" }).status === 0,
);
const SKIP_REASON =
  "SKIPPED: needs python3 with requests and fire (apt-get install -y python3-requests python3-fire)";
if (!PYTHON) console.warn(`simulator-python.test.ts ${SKIP_REASON}`);

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/bfl_finetune.py");
const GUIDE_HOST = "https://api.us1.bfl.ai";

let sim: RunningServer & { dataDir: string };
let work = "";
let script = "";

beforeAll(async () => {
  if (!PYTHON) return;
  sim = await startSimulator({
    // Training waits for the control route (a 1 s training raced the script's start on a loaded machine).
    env: { SIMULATOR_TRAINING_SECONDS: "600", SIMULATOR_INFERENCE_SECONDS: "0.3" },
  });
  work = tempDir("py");
  const source = readFileSync(FIXTURE, "utf8");
  expect(source.split(GUIDE_HOST).length - 1).toBe(7); // every function's URL
  script = path.join(work, "bfl_finetune.py");
  writeFileSync(script, source.replaceAll(GUIDE_HOST, sim.url));
  writeFileSync(path.join(work, "finetuning.zip"), await makeDatasetZip(6, { width: 200, height: 160 }));
});
afterAll(async () => {
  await stopServers(sim);
  if (work) removeDir(work);
});

/** Run `python bfl_finetune.py <args>` and read fire's `key: value` output. */
function cli(...args: string[]): Record<string, unknown> {
  const r = spawnSync(PYTHON!, [script, ...args], {
    cwd: work,
    env: { ...process.env, BFL_API_KEY: SIM_KEY },
    encoding: "utf8",
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`bfl_finetune.py ${args[0]} failed (${r.status}):\n${r.stderr}`);
  const out: Record<string, unknown> = {};
  for (const line of r.stdout.split("\n")) {
    const m = /^(\w+):\s+(.*)$/.exec(line);
    if (!m) continue;
    try {
      out[m[1]!] = JSON.parse(m[2]!);
    } catch {
      out[m[1]!] = m[2];
    }
  }
  return out;
}

async function until(check: () => Record<string, unknown>, ms = 15_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = check();
    if (r.status !== "Pending") return r;
    if (Date.now() > deadline) throw new Error("still Pending");
    await new Promise((res) => setTimeout(res, 300));
  }
}

describe.skipIf(!PYTHON)(
  `the guide's bfl_finetune.py against the simulator${PYTHON ? "" : ` (${SKIP_REASON})`}`,
  () => {
    it("runs the whole flow: submit, progress, list, details, inference on every endpoint, fetch, delete", async () => {
      const created = cli("request_finetuning", "finetuning.zip", "myfirstfinetune");
      const id = String(created.finetune_id);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);

      const pending = cli("finetune_progress", id);
      expect(pending).toMatchObject({ id, status: "Pending", result: null, progress: null });
      await new SimClient(sim.url).complete(id);
      expect(await until(() => cli("finetune_progress", id))).toMatchObject({ status: "Ready" });

      expect(cli("finetune_list").finetunes).toContain(id);
      expect(cli("finetune_details", id).finetune_details).toMatchObject({
        finetune_comment: "myfirstfinetune",
        trigger_word: "TOK",
        mode: "general",
        iterations: 300,
      });

      const control = toBase64(await makeJpeg(256, 192, 3));
      const mask = toBase64(await makeMask(256, 192, { left: 32, top: 32, width: 64, height: 64 }));
      const runs: string[][] = [
        ["--prompt=image of a TOK"],
        ["--endpoint=flux-pro-finetuned", "--prompt=image of a TOK", "--width=512", "--height=512"],
        ["--endpoint=flux-pro-1.0-depth-finetuned", "--prompt=a TOK", `--control_image=${control}`],
        ["--endpoint=flux-pro-1.0-canny-finetuned", "--prompt=a TOK", `--control_image=${control}`],
        ["--endpoint=flux-pro-1.0-fill-finetuned", "--prompt=a TOK", `--image=${control}`, `--mask=${mask}`],
      ];
      for (const extra of runs) {
        const sub = cli("finetune_inference", id, ...extra);
        expect(sub.polling_url, extra[0]).toBe(`${sim.url}/v1/get_result?id=${sub.id}`);
        const done = await until(() => cli("get_inference", String(sub.id)));
        expect(done.status, extra[0]).toBe("Ready");
        const result = done.result as { sample: string; prompt: string };
        expect(result.prompt).toMatch(/TOK/);
        const fetched = spawnSync(
          PYTHON!,
          [
            "-c",
            "import requests,sys; r=requests.get(sys.argv[1]); print(r.status_code, r.headers['content-type'], len(r.content))",
            result.sample,
          ],
          { encoding: "utf8" },
        );
        expect(fetched.stdout.trim()).toMatch(/^200 image\/jpeg \d{4,}$/);
      }

      const deleted = cli("finetune_delete", id);
      expect(deleted).toMatchObject({ status: "success", deleted_finetune_id: id });
      expect(cli("finetune_list").finetunes).not.toContain(id);
    }, 90_000);
  },
);

it("the fixture is the guide's script (same lines, indentation restored)", () => {
  const guide = path.resolve(import.meta.dirname, "../../../shared/seed/flux-finetuning-guide.txt");
  if (!existsSync(guide)) return; // the guide lives outside the repository; checked where present
  const text = readFileSync(guide, "utf8");
  const start = text.indexOf('"""\nbfl_finetune.py');
  const end = text.indexOf("fire.Fire()", start) + "fire.Fire()".length;
  const norm = (s: string) =>
    s
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean);
  expect(norm(readFileSync(FIXTURE, "utf8"))).toEqual(norm(text.slice(start, end)));
});
