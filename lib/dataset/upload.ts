import { type Finetune, finetuneEnvelopeSchema } from "@/lib/api/types";
import type { FinetuneParamsInput } from "@/lib/bfl";
import { ApiError, answerError, NETWORK_MESSAGE } from "@/lib/queries/fetcher";

/**
 * Upload the training ZIP and parameters to `POST /api/finetunes`. XMLHttpRequest (not fetch) because
 * only it reports upload progress. Failures are the same `ApiError`s as every other dashboard call.
 */
export function uploadFinetune(
  zip: Blob,
  params: FinetuneParamsInput,
  onProgress: (fraction: number) => void,
): Promise<Finetune> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    body.append("dataset", zip, "dataset.zip");
    body.append("params", JSON.stringify(params));
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/finetunes");
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable) onProgress(ev.loaded / ev.total);
    };
    xhr.onerror = () => reject(new ApiError("network", `The upload failed. ${NETWORK_MESSAGE}`, 0));
    xhr.onload = () => {
      let json: unknown;
      try {
        json = JSON.parse(xhr.responseText);
      } catch {
        json = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = finetuneEnvelopeSchema.safeParse(json);
        if (parsed.success) resolve(parsed.data.finetune);
        else
          reject(
            new ApiError(
              "bad_response",
              "The dashboard accepted the upload but sent an answer this page cannot read.",
              xhr.status,
            ),
          );
        return;
      }
      reject(answerError(xhr.status, xhr.statusText, json));
    };
    xhr.send(body);
  });
}
