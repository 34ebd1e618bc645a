import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import type { LoraFinetune } from "@/lib/api/types";
import { KLEIN_BASE_MODEL_LABEL } from "@/lib/bfl";
import { formatDateTime } from "@/lib/finetunes/format";
import { Field } from "./finetune-card";
import { RemoveLoraButton } from "./remove-lora-button";

export const BFL_UPLOAD_HINT =
  "BFL's API cannot upload a LoRA: upload the .safetensors file in BFL's dashboard (Customization → Finetunes → + Add Finetune), then add it here by the same name.";

/** The LoRA's own page (its eval set and contact sheet); `org-id/name` keeps its two segments. */
export function loraHref(id: string): string {
  return `/loras/${id.split("/").map(encodeURIComponent).join("/")}`;
}

/**
 * A FLUX.2 [klein] LoRA: its name is its id at BFL, so the name is what the card shows. `page`: shown on
 * the LoRA's own page, so no link to it.
 */
export function LoraCard({ lora: l, page = false }: { lora: LoraFinetune; page?: boolean }) {
  return (
    <li
      data-testid="lora-card"
      data-finetune-id={l.id}
      className="relative rounded-lg border border-zinc-200 bg-white p-4 shadow-sm focus-within:ring-2 focus-within:ring-brand-500 hover:border-brand-500 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 className="min-w-0 font-mono text-base font-semibold break-all" data-testid="lora-name">
          {l.id}
        </h2>
        <div className="flex flex-wrap items-center gap-1.5">
          <Badge tone="info" testId="lora-badge">
            LoRA
          </Badge>
          <Badge tone="neutral">{l.source === "added" ? "Added here" : "Listed by BFL"}</Badge>
        </div>
      </div>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-sm sm:grid-cols-3">
        <Field
          label="Base model"
          value={l.base_model ? KLEIN_BASE_MODEL_LABEL[l.base_model] : "Not known (BFL did not say)"}
        />
        <Field label="Precision" value={l.precision ? l.precision.toUpperCase() : "Not known"} />
        <Field label="Type" value="LoRA" />
        <Field
          label="Trigger phrase"
          value={l.trigger_phrase ? <code className="font-mono">{l.trigger_phrase}</code> : "None"}
        />
        {l.owner_org_id ? <Field label="Shared by" value={l.owner_org_id} /> : null}
        {l.source === "added" ? (
          <Field label="Added" value={<time dateTime={l.created_at}>{formatDateTime(l.created_at)}</time>} />
        ) : null}
      </dl>
      {/* Unknown base model: the note says every klein endpoint is offered instead of listing six. */}
      {l.base_model !== null ? (
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400" data-testid="lora-endpoints">
          {l.endpoints.length === 0
            ? "No endpoint BFL still serves takes it."
            : l.endpoints.length === 1
              ? "Served on "
              : "Served on one of "}
          {l.endpoints.map((e, i) => (
            <span key={e}>
              {i > 0 ? ", " : ""}
              <code className="font-mono">{e}</code>
            </span>
          ))}
          {l.endpoints.length > 0 ? "." : ""}
        </p>
      ) : (
        <p className="mt-2 text-sm text-amber-900 dark:text-amber-200" data-testid="lora-base-unknown">
          BFL did not say which base model it was uploaded for, so every klein endpoint is offered and only
          the matching one works.{" "}
          <Link
            href={`/finetunes?add_lora=${encodeURIComponent(l.id)}`}
            scroll={false}
            className="font-semibold underline"
            data-testid="lora-set-base"
          >
            Set its base model
          </Link>
        </p>
      )}
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <Link
          href={`/playground?finetune=${encodeURIComponent(l.id)}`}
          className="text-sm font-semibold text-brand-700 underline dark:text-brand-100"
          data-testid="lora-playground"
        >
          Use in the playground
        </Link>
        {!page && l.base_model !== null ? (
          <Link
            href={loraHref(l.id)}
            className="text-sm font-semibold text-brand-700 underline dark:text-brand-100"
            data-testid="lora-eval"
          >
            Eval set and contact sheet
          </Link>
        ) : null}
        {l.source === "added" ? <RemoveLoraButton id={l.id} /> : null}
      </div>
    </li>
  );
}
