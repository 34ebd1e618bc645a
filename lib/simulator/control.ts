import { z } from "zod";
import { finetuneInputsSchema } from "../bfl/finetune";
import { faultInputSchema } from "./faults";
import { detailError, readBody, sendJson, withPort } from "./http";
import { startRender } from "./inference";
import { paceRoute } from "./pace";
import type { Handler, Route, RouteContext } from "./router";
import { sampleRoute } from "./sample-link";
import { finetuneView, inferenceView, isUnfinished } from "./tasks";
import { submitFinetune } from "./training";
import { parseJsonBody, validateBody } from "./validation";
import { armWebhook, clearWebhooks } from "./webhooks";

/** `/_simulator/*`: test controls (no key, never faulted, not counted in stats). See docs/simulator.md. */

async function optionalBody<S extends z.ZodType>(ctx: RouteContext, schema: S): Promise<z.infer<S>> {
  const raw = await readBody(ctx.req);
  return validateBody(schema, raw.toString().trim() === "" ? {} : parseJsonBody(raw));
}

/** `poll_url`: the live profile's regional listener, on the host the client used. */
const health: Handler = ({ res, sim, origin }) => {
  const { profile, region } = sim.cfg;
  const regional = sim.ports.poll === null ? {} : { poll_url: withPort(origin, sim.ports.poll) };
  sendJson(res, 200, { status: "ok", region, profile, ...regional });
};

/**
 * A Ready FLUX.1 finetune from a `/v1/finetune` body: what an account kept from the beta, for the live
 * profile where `/v1/finetune` is gone. Charged nothing.
 */
const legacyFinetune: Handler = async (ctx) => {
  const input = validateBody(finetuneInputsSchema, parseJsonBody(await readBody(ctx.req)));
  const credits = ctx.sim.store.state.credits;
  // A kept finetune ended long ago: no webhook is owed for it.
  const { webhook_url: _u, webhook_secret: _s, ...kept } = input;
  const ft = await submitFinetune(ctx.sim, kept, ctx.origin);
  ft.completedAt = ft.createdAt;
  ctx.sim.store.state.credits = credits;
  ctx.sim.store.save();
  sendJson(ctx.res, 200, { finetune_id: ft.id, status: finetuneView(ft, ctx.sim.now()).status });
};

/**
 * Hold the training pace: while `hold` is true, trainings submitted stay Pending until
 * `POST /_simulator/tasks/<id>/complete`, however long the checks of a loaded test take.
 */
const holdPace: Handler = async (ctx) => {
  const { hold } = await optionalBody(ctx, z.object({ hold: z.boolean() }));
  ctx.sim.holdTrainings = hold;
  sendJson(ctx.res, 200, { hold });
};

const reset: Handler = async (ctx) => {
  const body = await optionalBody(ctx, z.object({ credits: z.number().min(0).optional() }));
  ctx.sim.holdTrainings = false;
  ctx.sim.store.reset(body.credits);
  clearWebhooks(ctx.sim);
  ctx.sim.faults.clear();
  ctx.sim.stats.reset();
  sendJson(ctx.res, 200, { status: "ok", credits: ctx.sim.store.state.credits });
};

const addFault: Handler = async (ctx) => {
  const fault = ctx.sim.faults.add(await optionalBody(ctx, faultInputSchema));
  sendJson(ctx.res, 200, { status: "ok", fault, faults: ctx.sim.faults.list() });
};

const listFaults: Handler = (ctx) => sendJson(ctx.res, 200, { faults: ctx.sim.faults.list() });

const clearFaults: Handler = (ctx) => {
  ctx.sim.faults.clear();
  sendJson(ctx.res, 200, { status: "ok", faults: [] });
};

const stats: Handler = (ctx) => sendJson(ctx.res, 200, ctx.sim.stats.toJSON());

/** Webhooks sent so far (never the secrets): task, URL, shape, status, attempts, the receiver's answer. */
const webhooks: Handler = (ctx) =>
  sendJson(ctx.res, 200, { shape: ctx.sim.cfg.webhookShape, deliveries: ctx.sim.webhooks.log });

const clearStats: Handler = (ctx) => {
  ctx.sim.stats.reset();
  sendJson(ctx.res, 200, ctx.sim.stats.toJSON());
};

const setCredits: Handler = async (ctx) => {
  const { credits } = await optionalBody(ctx, z.object({ credits: z.number().min(0) }));
  ctx.sim.store.state.credits = credits;
  ctx.sim.store.save();
  sendJson(ctx.res, 200, { credits });
};

const failFinetune: Handler = async (ctx) => {
  const { reason } = await optionalBody(
    ctx,
    z.object({ reason: z.string().min(1).default("Training failed") }),
  );
  const ft = ctx.sim.store.state.finetunes.get(ctx.params.id ?? "");
  if (!ft) throw detailError(404, "Finetune not found");
  ft.forcedError = reason;
  ctx.sim.store.save();
  armWebhook(ctx.sim, ft.id);
  sendJson(ctx.res, 200, { id: ft.id, status: finetuneView(ft, ctx.sim.now()).status, error: reason });
};

const completeTask: Handler = async (ctx) => {
  const { sim } = ctx;
  const id = ctx.params.id ?? "";
  const now = sim.now();
  const ft = sim.store.state.finetunes.get(id);
  const task = sim.store.state.tasks.get(id);
  if (ft) {
    if (finetuneView(ft, now).status === "Pending") ft.completedAt = now;
    sim.store.save();
    armWebhook(sim, id);
    return sendJson(ctx.res, 200, { id, status: finetuneView(ft, now).status });
  }
  if (task) {
    if (isUnfinished(inferenceView(task, now).status)) {
      task.completedAt = now;
      sim.store.save();
      // Finish the image now, so the next get_result's link answers at once.
      if (inferenceView(task, now).status === "Ready") await startRender(sim, task).catch(() => undefined);
      armWebhook(sim, id);
    }
    return sendJson(ctx.res, 200, { id, status: inferenceView(task, now).status });
  }
  throw detailError(404, "Task not found");
};

export const controlRoutes: Route[] = [
  { method: "GET", path: "/_simulator/health", handler: health },
  { method: "GET", path: "/_simulator/pace", handler: paceRoute },
  { method: "POST", path: "/_simulator/pace", handler: holdPace },
  { method: "POST", path: "/_simulator/reset", handler: reset },
  { method: "GET", path: "/_simulator/faults", handler: listFaults },
  { method: "POST", path: "/_simulator/faults", handler: addFault },
  { method: "DELETE", path: "/_simulator/faults", handler: clearFaults },
  { method: "GET", path: "/_simulator/stats", handler: stats },
  { method: "DELETE", path: "/_simulator/stats", handler: clearStats },
  { method: "GET", path: "/_simulator/webhooks", handler: webhooks },
  { method: "POST", path: "/_simulator/credits", handler: setCredits },
  { method: "POST", path: "/_simulator/legacy-finetunes", handler: legacyFinetune },
  { method: "POST", path: "/_simulator/finetunes/:id/fail", handler: failFinetune },
  { method: "POST", path: "/_simulator/tasks/:id/complete", handler: completeTask },
  { method: "GET", path: "/_simulator/results/:id/:file", handler: sampleRoute },
];
