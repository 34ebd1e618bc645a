import { z } from "zod";
import { WEBHOOK_BODY_BYTES } from "@/lib/server/auth";
import { receiveBflWebhook } from "@/lib/server/bfl-webhook";
import { generationIdSchema } from "@/lib/server/ids";
import { route, textBody } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: generationIdSchema });

/**
 * BFL calls this when a task it was given a `webhook_url` for ends. Public (BFL has no session): the
 * per-task secret, checked by the service, is the authorisation. Answers at once; the result is
 * confirmed by polling BFL.
 */
export const POST = route(
  { auth: "public", params: paramsSchema, body: textBody(WEBHOOK_BODY_BYTES, "webhook body"), status: 202 },
  async ({ req, params, body }) => {
    const { kind, status } = await receiveBflWebhook(params.id, body, req.headers);
    return { received: true, kind, reported_status: status, confirming: "polling" };
  },
);
