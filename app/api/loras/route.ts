import { listFinetunes } from "@/lib/server/finetunes-service";
import { authorise } from "@/lib/server/guard";
import { json, readJson, route } from "@/lib/server/http";
import { addLora } from "@/lib/server/loras-service";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_JSON_BYTES = 16 * 1024;

/** FLUX.2 [klein] LoRAs: added here and listed by BFL (the same `loras` as GET /api/finetunes). */
export const GET = route(async (req) => {
  await authorise(req);
  const { loras, upstream_error } = await listFinetunes();
  return json({ loras, upstream_error });
});

/** Add a LoRA uploaded in BFL's dashboard: `{id, base_model, precision, trigger_phrase?}`. */
export const POST = route(async (req) => {
  await authorise(req);
  const lora = await addLora(await readJson(req, MAX_JSON_BYTES));
  return json({ lora }, 201);
});
