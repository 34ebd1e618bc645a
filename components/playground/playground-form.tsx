"use client";

import { useId } from "react";
import { PromptLibraryPicker } from "@/components/judge/prompt-library-picker";
import { buttonStyles } from "@/components/ui/button-styles";
import { ENDPOINT_INFO, KLEIN_IMAGE_FIELDS } from "@/lib/bfl";
import { endpointFields } from "@/lib/playground/form-model";
import { generationCostText } from "@/lib/playground/pricing";
import { randomSeed } from "@/lib/playground/settings";
import { CannyPreview } from "./canny-preview";
import { EndpointPicker } from "./endpoint-picker";
import { FillInputs } from "./fill-inputs";
import { FinetunePicker } from "./finetune-picker";
import { ImageUpload } from "./image-upload";
import { ParamFields } from "./param-fields";
import { PromptBox } from "./prompt-box";
import { StrengthSlider } from "./strength-slider";
import { SweepPanel } from "./sweep-panel";
import type { PlaygroundState } from "./use-playground";

const INPUT =
  "rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900";

/** What the form shows: the settings, the choices they are made from and the problems found. */
type FormView = Pick<
  PlaygroundState,
  "settings" | "images" | "ready" | "finetune" | "endpoints" | "live" | "upstreamError" | "problems"
>;
/** What the form can do. */
type FormActions = Pick<
  PlaygroundState,
  "update" | "setParam" | "setEndpoint" | "setImage" | "generate" | "runSweep"
>;

export function PlaygroundForm({ view, actions: a }: { view: FormView; actions: FormActions }) {
  const { settings: s, images } = view;
  const info = ENDPOINT_INFO[s.endpoint];
  const fields = endpointFields(s.endpoint);
  const primary = fields.filter((f) => !f.advanced);
  const advanced = fields.filter((f) => f.advanced);
  const seedId = useId();
  const isControl = info.requiredImages.includes("control_image");
  const canny = s.endpoint === "flux-pro-1.0-canny-finetuned";

  return (
    <form
      className="space-y-4"
      aria-label="Generation settings"
      onSubmit={(e) => {
        e.preventDefault();
        a.generate();
      }}
    >
      <FinetunePicker
        choices={view.ready}
        live={view.live}
        value={s.finetune_id}
        onChange={(id) => a.update({ finetune_id: id })}
        unreachable={view.upstreamError}
      />
      <EndpointPicker value={s.endpoint} options={view.endpoints} onChange={a.setEndpoint} />
      <PromptBox
        value={s.prompt}
        onChange={(prompt) => a.update({ prompt })}
        trigger={view.finetune?.trigger ?? null}
        mode={view.finetune?.mode ?? null}
        required={info.promptRequired}
      />
      <PromptLibraryPicker
        finetune={view.finetune}
        prompt={s.prompt}
        onUse={(prompt) => a.update({ prompt })}
      />
      <StrengthSlider
        value={s.finetune_strength}
        defaultValue={info.defaultStrength}
        onChange={(finetune_strength) => a.update({ finetune_strength })}
      />
      {isControl && (
        <ImageUpload
          label="Control image"
          hint={canny ? "Its edges guide the composition." : "Its depth guides the composition."}
          value={images.control_image}
          onChange={(img) => a.setImage("control_image", img)}
          testId="control-image"
        />
      )}
      {s.endpoint === "flux-pro-1.0-fill-finetuned" && <FillInputs images={images} setImage={a.setImage} />}
      {primary.length > 0 && <ParamFields fields={primary} values={s.params} onChange={a.setParam} />}
      {canny && images.control_image && (
        <CannyPreview
          image={images.control_image}
          low={Number(s.params.canny_low_threshold ?? 50)}
          high={Number(s.params.canny_high_threshold ?? 200)}
        />
      )}
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={seedId} className="block text-sm font-medium">
            Seed
          </label>
          <input
            id={seedId}
            type="number"
            min={0}
            step={1}
            value={s.seed ?? ""}
            placeholder="random"
            onChange={(e) =>
              a.update({ seed: e.target.value === "" ? null : Math.trunc(Number(e.target.value)) })
            }
            data-testid="seed"
            className={`mt-1 w-36 ${INPUT}`}
          />
        </div>
        <label className="flex items-center gap-2 pb-1 text-sm">
          <input
            type="checkbox"
            checked={s.seedLocked}
            onChange={(e) => a.update({ seedLocked: e.target.checked })}
            data-testid="seed-lock"
          />
          Same seed next time
        </label>
        <button
          type="button"
          className={buttonStyles.ghost}
          onClick={() => a.update({ seed: randomSeed(), seedLocked: true })}
        >
          New seed
        </button>
      </div>
      {advanced.length > 0 && (
        <details
          className="rounded-md border border-zinc-200 p-3 dark:border-zinc-700"
          data-testid="advanced"
        >
          <summary className="cursor-pointer text-sm font-medium">Advanced settings</summary>
          <div className="mt-3 space-y-3">
            <ParamFields fields={advanced} values={s.params} onChange={a.setParam} />
            {info.family === "klein" &&
              KLEIN_IMAGE_FIELDS.map((field, i) => (
                <ImageUpload
                  key={field}
                  label={`Reference image ${i + 1} (optional)`}
                  hint="klein edits or follows up to four reference images."
                  value={images[field]}
                  onChange={(img) => a.setImage(field, img)}
                  testId={`reference-image-${i + 1}`}
                />
              ))}
            {info.optionalImages.includes("image_prompt") && (
              <ImageUpload
                label="Image prompt (optional)"
                hint="An image to remix; its weight is the image prompt strength."
                value={images.image_prompt}
                onChange={(img) => a.setImage("image_prompt", img)}
                testId="image-prompt"
              />
            )}
          </div>
        </details>
      )}
      {view.problems.length > 0 && (
        <ul
          role="alert"
          className="list-disc rounded-md border border-red-300 bg-red-50 py-2 pl-6 pr-3 text-sm text-red-900 dark:border-red-700 dark:bg-red-950 dark:text-red-100"
          data-testid="form-problems"
        >
          {view.problems.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          className={`${buttonStyles.primary} px-5 py-2 text-base`}
          data-testid="generate"
        >
          Generate
        </button>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          Ctrl+Enter (⌘+Enter) · {generationCostText(s.endpoint)}
        </span>
      </div>
      <SweepPanel endpoint={s.endpoint} disabled={!s.finetune_id} onRun={a.runSweep} />
    </form>
  );
}
