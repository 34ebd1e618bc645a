import { addLoraRequestSchema } from "@/lib/api/types";
import { listFinetunes } from "@/lib/server/finetunes-service";
import { addLora } from "@/lib/server/loras-service";
import { jsonBody, route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_JSON_BYTES = 16 * 1024;

/** FLUX.2 [klein] LoRAs: added here and listed by BFL (the same `loras` as GET /api/finetunes). */
export const GET = route({ auth: "session" }, async () => {
  const { loras, upstream_error } = await listFinetunes();
  return { loras, upstream_error };
});

/** Add a LoRA uploaded in BFL's dashboard: `{id, base_model, precision, trigger_phrase?}`. */
export const POST = route(
  { auth: "session", body: jsonBody(addLoraRequestSchema, MAX_JSON_BYTES), status: 201 },
  async ({ body }) => ({ lora: await addLora(body) }),
);
