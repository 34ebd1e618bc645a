import { rmSync } from "node:fs";
import { BFL_ERROR_MESSAGES } from "../bfl/errors";
import { finetuneInputsSchema } from "../bfl/finetune";
import { INFERENCE_ENDPOINTS } from "../bfl/inference";
import { deleteFinetuneInputSchema } from "../bfl/results";
import { requireKey } from "./auth";
import { detailError, readBody, sendJson } from "./http";
import { submitInference } from "./inference";
import { resultFor } from "./results";
import type { Handler, Route, RouteContext } from "./router";
import { submitFinetune } from "./training";
import { parseJsonBody, requireQuery, validateBody } from "./validation";

/** BFL's `/v1/*` API. Every route needs the `x-key` header (get_result too; see docs/simulator.md). */

const pollingUrl = (ctx: RouteContext, id: string) =>
  `${ctx.origin}/v1/get_result?id=${encodeURIComponent(id)}`;

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
  sendJson(ctx.res, 200, { finetune_id: task.id, id: task.id, polling_url: pollingUrl(ctx, task.id) });
};

const getResult: Handler = (ctx) => {
  const id = requireQuery(ctx.url.searchParams, "id");
  sendJson(ctx.res, 200, resultFor(ctx.sim, id, ctx.origin));
};

const myFinetunes: Handler = (ctx) => {
  const list = [...ctx.sim.store.state.finetunes.values()].sort((a, b) => a.createdAt - b.createdAt);
  sendJson(ctx.res, 200, { finetunes: list.map((f) => f.id) });
};

const finetuneDetails: Handler = (ctx) => {
  const id = requireQuery(ctx.url.searchParams, "finetune_id");
  const ft = ctx.sim.store.state.finetunes.get(id);
  if (!ft) throw detailError(404, BFL_ERROR_MESSAGES.finetuneNotFound);
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

export const v1Routes: Route[] = [
  { method: "POST", path: "/v1/finetune", handler: withKey(finetune) },
  { method: "GET", path: "/v1/get_result", handler: withKey(getResult) },
  { method: "GET", path: "/v1/my_finetunes", handler: withKey(myFinetunes) },
  { method: "GET", path: "/v1/finetune_details", handler: withKey(finetuneDetails) },
  { method: "POST", path: "/v1/delete_finetune", handler: withKey(deleteFinetune) },
  { method: "GET", path: "/v1/credits", handler: withKey(credits) },
  ...INFERENCE_ENDPOINTS.map(
    (endpoint): Route => ({
      method: "POST",
      path: `/v1/${endpoint}`,
      handler: withKey(async (ctx) => {
        const task = await submitInference(ctx.sim, endpoint, await jsonBody(ctx), ctx.origin);
        sendJson(ctx.res, 200, { id: task.id, polling_url: pollingUrl(ctx, task.id) });
      }),
    }),
  ),
];
