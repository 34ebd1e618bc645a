import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { type Finetune, type Generation, generationEnvelopeSchema } from "@/lib/api/types";
import { simFinetuneId, simUrl, submitFinetune, waitForStatus } from "../fixtures/finetune-api";

/** Shared by the playground and gallery browser tests: a Ready finetune, API shortcuts, checks. */

export const SHOTS = ".test-artifacts/screenshots";

/** Submit a finetune through the dashboard and force it done at the simulator. */
export async function readyFinetune(
  request: APIRequestContext,
  opts: { comment: string; trigger_word: string; mode?: "product" | "style" | "character" | "general" },
): Promise<Finetune> {
  const ft = await submitFinetune(request, { ...opts, mode: opts.mode ?? "product", iterations: 100 });
  const bflId = await simFinetuneId(request, opts.comment);
  const done = await request.post(`${simUrl()}/_simulator/tasks/${bflId}/complete`);
  expect(done.ok()).toBe(true);
  return waitForStatus(request, ft.id, "Ready", 60_000);
}

export async function setCredits(request: APIRequestContext, credits: number): Promise<void> {
  const res = await request.post(`${simUrl()}/_simulator/credits`, { data: { credits } });
  expect(res.ok()).toBe(true);
}

export async function createViaApi(
  request: APIRequestContext,
  body: Record<string, unknown>,
): Promise<Generation> {
  const res = await request.post("/api/generations", { data: body });
  if (res.status() !== 202)
    throw new Error(`POST /api/generations answered ${res.status()}: ${await res.text()}`);
  return generationEnvelopeSchema.parse(await res.json()).generation;
}

export async function readGeneration(request: APIRequestContext, id: string): Promise<Generation> {
  const res = await request.get(`/api/generations/${id}`);
  expect(res.ok()).toBe(true);
  return generationEnvelopeSchema.parse(await res.json()).generation;
}

export async function waitGenerationDone(request: APIRequestContext, id: string): Promise<Generation> {
  let g = await readGeneration(request, id);
  await expect
    .poll(
      async () => {
        g = await readGeneration(request, id);
        return g.status;
      },
      { timeout: 30_000 },
    )
    .not.toMatch(/^(Queued|Pending)$/);
  return g;
}

export async function expectNoAxeViolations(page: Page): Promise<void> {
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual(
    [],
  );
}

/** Nothing on the page looks like a raw error (JSON, stack traces, HTTP internals). */
export async function expectNoRawError(page: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: only what is rendered visibly (textContent includes scripts)
  const text = await page.locator("body").innerText();
  expect(text).not.toMatch(
    /\{\s*"|TypeError|ReferenceError|SyntaxError|\bat \S+ \(|undefined|\[object Object\]|Internal Server Error|ECONNREFUSED|"detail"/,
  );
}

/** Bytes of the image an <img> shows. */
export async function imageBytes(page: Page, src: string): Promise<Buffer> {
  const res = await page.request.get(src);
  expect(res.ok()).toBe(true);
  return Buffer.from(await res.body());
}
