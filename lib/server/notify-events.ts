import "server-only";
import { finishedMessage } from "@/lib/finetunes/transitions";
import { finetuneRowToApi, getFinetuneRow } from "./finetune-repo";
import { notify } from "./notify";

/** A finetune reached Ready or Error: the same words as the toast, sent to the outbound webhook. */
export function notifyFinetuneEnded(id: string): void {
  const row = getFinetuneRow(id);
  if (!row || (row.status !== "Ready" && row.status !== "Error")) return;
  const finetune = finetuneRowToApi(row);
  const { title, body } = finishedMessage({ finetune, outcome: row.status });
  notify({
    key: `finetune:${row.id}:${row.status}`,
    kind: row.status === "Ready" ? "finetune.ready" : "finetune.error",
    finetune_id: row.id,
    title,
    detail: body,
  });
}
