import { apiErrorSchema } from "@/lib/api/errors";
import { type Finetune, finetuneEnvelopeSchema } from "@/lib/api/types";
import type { FinetuneParamsInput } from "@/lib/bfl";

/**
 * Upload the training ZIP and parameters to `POST /api/finetunes`. XMLHttpRequest (not fetch) because
 * only it reports upload progress.
 */
export class UploadError extends Error {
  override name = "UploadError";
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

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
    xhr.onerror = () =>
      reject(new UploadError("network", "The upload failed: the dashboard server could not be reached.", 0));
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
            new UploadError(
              "bad_response",
              "The dashboard accepted the upload but sent an answer this page cannot read.",
              xhr.status,
            ),
          );
        return;
      }
      const err = apiErrorSchema.safeParse(json);
      if (err.success) reject(new UploadError(err.data.code, err.data.message, xhr.status));
      else if (xhr.status === 413)
        reject(new UploadError("payload_too_large", "The ZIP is larger than the dashboard accepts.", 413));
      else
        reject(
          new UploadError(
            "http_error",
            `The dashboard answered ${xhr.status} ${xhr.statusText}.`,
            xhr.status,
          ),
        );
    };
    xhr.send(body);
  });
}
