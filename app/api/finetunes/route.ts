import { z } from "zod";
import { FINETUNE_PAGE_DEFAULT, FINETUNE_PAGE_MAX } from "@/lib/api/finetune-cursor";
import { withinTextLimits } from "@/lib/api/text-limits";
import { finetuneParamsSchema } from "@/lib/bfl";
import { createFinetune, listFinetunes } from "@/lib/server/finetunes-service";
import { formBody, jsonText, route } from "@/lib/server/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** A 20-image dataset at full camera size fits with room to spare. */
const MAX_UPLOAD_BYTES = 150 * 1024 * 1024;

const querySchema = z.object({
  limit: z.coerce.number().int().min(1).max(FINETUNE_PAGE_MAX).default(FINETUNE_PAGE_DEFAULT),
  cursor: z.string().max(300).optional(),
});

/** multipart/form-data: `dataset` (the ZIP) and `params` (JSON: mode, comment, trigger word, ...). */
const formFields = {
  dataset: z.instanceof(Blob, { message: "dataset: attach the training images as a ZIP file." }),
  params: jsonText("params").default({}).pipe(withinTextLimits).pipe(finetuneParamsSchema),
};

/** One page, newest first; `next_cursor` asks for the next; LoRAs come with the first page. */
export const GET = route({ auth: "session", query: querySchema }, async ({ query }) => listFinetunes(query));

export const POST = route(
  { auth: "session", body: formBody(formFields, MAX_UPLOAD_BYTES), status: 201 },
  async ({ body }) => {
    const zip = new Uint8Array(await body.dataset.arrayBuffer());
    return { finetune: await createFinetune(body.params, zip) };
  },
);
