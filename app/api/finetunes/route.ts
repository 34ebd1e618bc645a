import { z } from "zod";
import { FINETUNE_PAGE_DEFAULT, FINETUNE_PAGE_MAX } from "@/lib/api/finetune-cursor";
import { AppError } from "@/lib/server/errors";
import { createFinetune, listFinetunes, parseFinetuneParams } from "@/lib/server/finetunes-service";
import { authorise } from "@/lib/server/guard";
import { json, parseQuery, readForm, route } from "@/lib/server/http";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A 20-image dataset at full camera size fits with room to spare. */
const MAX_UPLOAD_BYTES = 150 * 1024 * 1024;

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(FINETUNE_PAGE_MAX).default(FINETUNE_PAGE_DEFAULT),
  cursor: z.string().max(300).optional(),
});

/** One page, newest first; `next_cursor` asks for the next; LoRAs come with the first page. */
export const GET = route(async (req) => {
  const query = parseQuery(req, querySchema);
  await authorise(req);
  return json(await listFinetunes(query));
});

export const POST = route(async (req) => {
  await authorise(req);
  const form = await readForm(req, MAX_UPLOAD_BYTES);
  const dataset = form.get("dataset");
  if (!(dataset instanceof Blob)) {
    throw new AppError("validation_failed", "dataset: attach the training images as a ZIP file.");
  }
  const params = parseFinetuneParams(form.get("params") ?? "{}");
  const zip = new Uint8Array(await dataset.arrayBuffer());
  const finetune = await createFinetune(params, zip);
  return json({ finetune }, 201);
});
