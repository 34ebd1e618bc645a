import { rmSync } from "node:fs";
import { BFL_ERROR_MESSAGES } from "../bfl/errors";
import { finetuneInputsSchema } from "../bfl/finetune";
import { FLUX1_ENDPOINTS, type Flux1Endpoint } from "../bfl/inference";
import { KLEIN_ENDPOINTS } from "../bfl/klein";
import { deleteFinetuneInputSchema } from "../bfl/results";
import { RETIRED_CALLS } from "../bfl/retired";
import { requireKey } from "./auth";
import type { SimulatorProfile } from "./config";
import { detailError, readBody, sendJson, withPort } from "./http";
import { submitInference } from "./inference";
import { submitKlein } from "./klein";
import { loraListEntry, partialLoraDetails } from "./loras";
import { resultFor } from "./results";
import type { Handler, Route, RouteContext } from "./router";
import type { InferenceTask } from "./store";
import { submitFinetune } from "./training";
import { parseJsonBody, requireQuery, validateBody } from "./validation";

/**
 * BFL's `/v1/*` API. Every route needs the `x-key` header (get_result too; see docs/simulator.md).
 * The `live` profile drops what BFL retired (those paths answer 404 like any unknown path), adds the
 * FLUX.2 [klein] endpoints and hands out `polling_url`s on the regional listener.
 */

/** Retired by BFL (lib/bfl/retired.ts): 404 `{"detail":"Not Found"}` under the live profile. */
const RETIRED_PATHS: readonly string[] = RETIRED_CALLS.map((c) => c.path);

const pollingUrl = (ctx: RouteContext, task: { id: string; live?: boolean }) => {
  const origin = task.live ? withPort(ctx.origin, ctx.sim.ports.poll) : ctx.origin;
  return `${origin}/v1/get_result?id=${encodeURIComponent(task.id)}`;
};

/** Submit answer; today's service also reports the cost and megapixels. */
const submitted = (ctx: RouteContext, task: InferenceTask) => {
  const billing = task.live ? { cost: task.cost, input_mp: task.inputMp, output_mp: task.outputMp } : {};
  sendJson(ctx.res, 200, { id: task.id, polling_url: pollingUrl(ctx, task), ...billing });
};

async function jsonBody(ctx: RouteContext): Promise<unknown> {
  return parseJsonBody(await readBody(ctx.req));
}

const withKey =
  (handler: Handler): Handler =>
  (ctx) => {
    requireKey(ctx.req, ctx.sim.cfg.apiKey);
    return handler(ctx);
  };

const finetune: Handler = async (ctx) => {
  const input = validateBody(finetuneInputsSchema, await jsonBody(ctx));
  const task = await submitFinetune(ctx.sim, input, ctx.origin);
  sendJson(ctx.res, 200, { finetune_id: task.id, id: task.id, polling_url: pollingUrl(ctx, task) });
};

const getResult: Handler = (ctx) => {
  const id = requireQuery(ctx.url.searchParams, "id");
  // Today's tasks live on a regional cluster; the global host does not know them.
  if (ctx.sim.store.state.tasks.get(id)?.live && ctx.sim.ports.poll !== null) {
    throw detailError(404, "Not Found");
  }
  const { status, body } = resultFor(ctx.sim, id, ctx.origin);
  sendJson(ctx.res, status, body);
};

/** The regional listener's only route; result links stay on the API's origin. */
const regionalGetResult: Handler = (ctx) => {
  const id = requireQuery(ctx.url.searchParams, "id");
  const { status, body } = resultFor(ctx.sim, id, withPort(ctx.origin, ctx.sim.ports.main));
  sendJson(ctx.res, status, body);
};

const myFinetunes: Handler = (ctx) => {
  const { cfg, store } = ctx.sim;
  const list = [...store.state.finetunes.values()].sort((a, b) => a.createdAt - b.createdAt);
  const ids: unknown[] = list.map((f) => f.id);
  if (cfg.profile === "live") {
    for (const lora of cfg.loras) ids.push(cfg.myFinetunesShape === "mixed" ? loraListEntry(lora) : lora.id);
  }
  sendJson(ctx.res, 200, { finetunes: ids });
};

const finetuneDetails: Handler = (ctx) => {
  const { cfg, store } = ctx.sim;
  const id = requireQuery(ctx.url.searchParams, "finetune_id");
  const ft = store.state.finetunes.get(id);
  if (!ft) {
    const lora = cfg.profile === "live" ? cfg.loras.find((l) => l.id === id) : undefined;
    if (lora && cfg.loraDetails === "partial") return sendJson(ctx.res, 200, partialLoraDetails(lora));
    throw detailError(404, BFL_ERROR_MESSAGES.finetuneNotFound);
  }
  sendJson(ctx.res, 200, {
    finetune_details: { ...ft.params, timestamp: new Date(ft.createdAt).toISOString() },
  });
};

const deleteFinetune: Handler = async (ctx) => {
  const { finetune_id } = validateBody(deleteFinetuneInputSchema, await jsonBody(ctx));
  const store = ctx.sim.store;
  if (!store.state.finetunes.has(finetune_id)) throw detailError(404, BFL_ERROR_MESSAGES.finetuneNotFound);
  store.state.finetunes.delete(finetune_id);
  store.save();
  rmSync(store.finetuneDir(finetune_id), { recursive: true, force: true });
  sendJson(ctx.res, 200, {
    status: "success",
    message: `Finetune ${finetune_id} deleted successfully`,
    deleted_finetune_id: finetune_id,
    timestamp: new Date(ctx.sim.now()).toISOString(),
  });
};

const credits: Handler = (ctx) => {
  sendJson(ctx.res, 200, { credits: ctx.sim.store.state.credits });
};

const flux1Route = (endpoint: Flux1Endpoint): Route => ({
  method: "POST",
  path: `/v1/${endpoint}`,
  handler: withKey(async (ctx) =>
    submitted(ctx, await submitInference(ctx.sim, endpoint, await jsonBody(ctx), ctx.origin)),
  ),
});

const common: Route[] = [
  { method: "POST", path: "/v1/finetune", handler: withKey(finetune) },
  { method: "GET", path: "/v1/get_result", handler: withKey(getResult) },
  { method: "GET", path: "/v1/my_finetunes", handler: withKey(myFinetunes) },
  { method: "GET", path: "/v1/finetune_details", handler: withKey(finetuneDetails) },
  { method: "POST", path: "/v1/delete_finetune", handler: withKey(deleteFinetune) },
  { method: "GET", path: "/v1/credits", handler: withKey(credits) },
  ...FLUX1_ENDPOINTS.map(flux1Route),
];

const kleinRoutes: Route[] = KLEIN_ENDPOINTS.map((endpoint) => ({
  method: "POST",
  path: `/v1/${endpoint}`,
  handler: withKey(async (ctx) =>
    submitted(ctx, await submitKlein(ctx.sim, endpoint, await jsonBody(ctx), ctx.origin)),
  ),
}));

export function v1Routes(profile: SimulatorProfile): Route[] {
  if (profile === "beta") return common;
  return [...common.filter((r) => !RETIRED_PATHS.includes(r.path)), ...kleinRoutes];
}

/** The second listener of the live profile: the regional cluster that `polling_url` points at. */
export const regionalRoutes: Route[] = [
  { method: "GET", path: "/v1/get_result", handler: withKey(regionalGetResult) },
];
