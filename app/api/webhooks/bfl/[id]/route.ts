import { z } from "zod";
import { WEBHOOK_BODY_BYTES } from "@/lib/server/auth";
import { receiveBflWebhook } from "@/lib/server/bfl-webhook";
import { json, parseParams, readBodyLimited, route } from "@/lib/server/http";
import { generationIdSchema } from "@/lib/server/ids";
import { ensureTracker } from "@/lib/server/tracker";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });

/**
 * BFL calls this when a task it was given a `webhook_url` for ends. Public (BFL has no session): the
 * per-task secret is the authorisation. Answers at once; the result is confirmed by polling BFL.
 */
export const POST = route(async (req, ctx) => {
  const { id } = await parseParams(ctx, paramsSchema);
  ensureTracker();
  const raw = new TextDecoder().decode(await readBodyLimited(req, WEBHOOK_BODY_BYTES, "webhook body"));
  const { kind, status } = await receiveBflWebhook(id, raw, req.headers);
  return json({ received: true, kind, reported_status: status, confirming: "polling" }, 202);
});
