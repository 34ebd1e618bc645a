"use client";

import { useCallback, useMemo, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ProgressBar } from "@/components/ui/progress-bar";
import { validateForm } from "@/lib/dataset/form";
import { loraNameFrom } from "@/lib/dataset/local-export";
import { BulkBar } from "./bulk-bar";
import { ChecksPanel } from "./checks-panel";
import { DropZone } from "./drop-zone";
import { ImageGrid } from "./image-grid";
import { ImageViewer } from "./image-viewer";
import { LiveStudioContext } from "./live-studio";
import { LocalExportPanel } from "./local-export-panel";
import { RetrainLoader } from "./retrain-loader";
import { SubmitPanel } from "./submit-panel";
import { TrainingForm } from "./training-form";
import { useDatasetStudio } from "./use-dataset-studio";
import { useDatasetSubmit } from "./use-dataset-submit";
import { useLocalExport } from "./use-local-export";

const PANEL = "rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900";

/**
 * The dataset studio: drop, check, caption, configure, zip and submit. Against live BFL (`live`), which no
 * longer trains, the last step is "Export for local training" instead of "Start training".
 */
export function DatasetStudio({ retrainId, live = false }: { retrainId?: string; live?: boolean }) {
  const s = useDatasetStudio();
  const { files, edit } = s;
  const { items } = s.state.dataset;
  const submit = useDatasetSubmit({
    read: s.read,
    zipPlan: files.zipPlan,
    beforeUpload: s.flush,
    onSubmitted: s.finishSubmitted,
  });
  const readItems = useCallback(() => s.read().dataset.items, [s.read]);
  const localExport = useLocalExport(readItems, files.zipPlan);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [viewer, setViewer] = useState<number | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);
  const errors = useMemo(() => validateForm(s.state.form), [s.state.form]);
  // Errors show once a field was edited, or for every field after a click on "Start training".
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [attempted, setAttempted] = useState(false);
  const shownErrors = Object.fromEntries(
    Object.entries(errors).filter(([k]) => attempted || touched.has(k)),
  ) as typeof errors;
  const formOk = Object.keys(errors).length === 0;
  const ready = items.length > 0 && items.every((i) => i.status === "ready");
  const blockedReason = s.checks.blocked
    ? (s.checks.notices.find((n) => n.severity === "error")?.message ??
      "Add images to start: 5 to 20 JPG, PNG or WebP images work best.")
    : !formOk && attempted
      ? "Fill in the training form: some fields need attention."
      : null;

  const onSelect = useCallback((id: string, on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  // Reads the items when clicked, so the callback (a prop of every memoised card) stays the same across edits.
  const onOpen = useCallback(
    (id: string) => setViewer(readItems().findIndex((i) => i.id === id)),
    [readItems],
  );
  const onCaption = useCallback((id: string, c: string) => edit.setCaption(id, c), [edit.setCaption]);
  const onRemove = useCallback(
    (id: string) => {
      edit.removeImages(new Set([id]));
      onSelect(id, false);
    },
    [edit.removeImages, onSelect],
  );
  const exportBlockedReason = s.checks.blocked
    ? (s.checks.notices.find((n) => n.severity === "error")?.message ?? null)
    : (errors.finetune_comment ?? errors.trigger_word ?? null);
  const processing = files.progress.total > 0 && files.progress.done < files.progress.total;
  const viewerItem = viewer === null ? undefined : items[viewer];

  return (
    <LiveStudioContext value={live}>
      <div
        className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]"
        data-testid="dataset-studio"
        data-loaded={s.loaded}
      >
        <div className="flex min-w-0 flex-col gap-4">
          {retrainId && s.loaded && (
            <RetrainLoader id={retrainId} hasDraft={items.length > 0} onLoad={s.loadRetrain} />
          )}
          <DropZone onFiles={(f) => void files.add(f)} compact={items.length > 0} />
          {files.reading && (
            <p
              role="status"
              className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300"
              data-testid="zip-reading"
            >
              <span
                aria-hidden="true"
                className="h-4 w-4 animate-spin rounded-full border-2 border-brand-500 border-t-transparent motion-reduce:animate-none"
              />
              Reading {files.reading}…
            </p>
          )}
          {processing && (
            <ProgressBar
              showLabel
              label={`Preparing images: ${files.progress.done} of ${files.progress.total}`}
              value={files.progress.done / files.progress.total}
              testId="processing-progress"
            />
          )}
          <p
            className="text-sm text-zinc-700 dark:text-zinc-300"
            data-testid="dataset-summary"
            aria-live="polite"
          >
            {items.length} image{items.length === 1 ? "" : "s"} ·{" "}
            {items.filter((i) => i.caption?.trim()).length} captioned ·{" "}
            {/* The form sits below the grid on narrow screens: a jump link there, nothing on wide ones. */}
            <span className="lg:hidden">
              <a href="#training" className="font-medium text-brand-700 underline dark:text-brand-100">
                Training settings
              </a>{" "}
              ·{" "}
            </span>
            <span data-testid="save-state">
              {s.saved === "saving"
                ? "Saving…"
                : s.saved === "error"
                  ? "Could not save the draft"
                  : "Draft saved in this browser"}
            </span>
          </p>
          <ChecksPanel
            notices={s.checks.notices}
            rejections={s.state.dataset.rejections}
            onDismiss={edit.dismissRejection}
            onRemoveOrphan={edit.removeOrphan}
          />
          <BulkBar
            items={items}
            selected={selected}
            triggerWord={s.state.form.trigger_word}
            history={s.state.history}
            historyMessage={edit.historyMessage}
            onApply={edit.applyChanges}
            onUndo={edit.undo}
            onRedo={edit.redo}
            onSelectAll={(all) => setSelected(all ? new Set(items.map((i) => i.id)) : new Set())}
            onRemoveSelected={() => {
              edit.removeImages(selected);
              setSelected(new Set());
            }}
          />
          <ImageGrid
            items={items}
            urls={files.urls}
            perItem={s.checks.perItem}
            selected={selected}
            triggerWord={s.state.form.trigger_word}
            onSelect={onSelect}
            onOpen={onOpen}
            onCaption={onCaption}
            onFix={edit.fixCard}
            onRemove={onRemove}
            onReplace={files.replace}
          />
        </div>
        {/* On wide screens the panel fits the viewport: the form scrolls inside it, so the cost and Start
          training are always in view. */}
        <aside
          aria-label="Training settings"
          className="flex flex-col gap-4 lg:sticky lg:top-20 lg:max-h-[calc(100dvh-10rem)] lg:self-start"
        >
          <section className={`${PANEL} lg:min-h-0 lg:overflow-y-auto`} data-testid="training-panel">
            <h2 id="training" className="mb-3 scroll-mt-20 text-lg font-semibold">
              {live ? "Your LoRA" : "Training"}
            </h2>
            <TrainingForm
              form={s.state.form}
              errors={shownErrors}
              live={live}
              onChange={(patch) => {
                setTouched((t) => new Set([...t, ...Object.keys(patch)]));
                edit.setForm(patch);
              }}
              onReplace={edit.replaceForm}
            />
          </section>
          <section className={`${PANEL} shrink-0`} data-testid="submit-panel">
            {live ? (
              <LocalExportPanel
                name={loraNameFrom(s.state.form.finetune_comment)}
                triggerWord={s.state.form.trigger_word}
                mode={s.state.form.mode}
                rank={s.state.form.lora_rank}
                canExport={ready && !s.checks.blocked && !exportBlockedReason}
                blockedReason={items.length > 0 ? exportBlockedReason : null}
                phase={localExport.phase}
                onExport={localExport.start}
              />
            ) : (
              <SubmitPanel
                iterations={Number(s.state.form.iterations)}
                canZip={ready && !s.checks.blocked}
                canSubmit={ready && !s.checks.blocked}
                blockedReason={blockedReason}
                phase={submit.phase}
                onPrepare={() => void submit.prepareZip()}
                onSubmit={() => {
                  setAttempted(true);
                  if (formOk && !s.checks.blocked) void submit.submit();
                  else
                    setTimeout(() => document.querySelector<HTMLElement>("[aria-invalid=true]")?.focus(), 0);
                }}
              />
            )}
            {(items.length > 0 || s.state.dataset.rejections.length > 0) && (
              <button
                type="button"
                className="mt-3 text-sm font-medium text-red-700 underline dark:text-red-300"
                onClick={() => setConfirmClear(true)}
                data-testid="clear-draft"
              >
                Clear draft
              </button>
            )}
          </section>
        </aside>
        <ConfirmDialog
          open={confirmClear}
          title="Clear this draft?"
          confirmLabel="Clear draft"
          onCancel={() => setConfirmClear(false)}
          onConfirm={() => {
            setConfirmClear(false);
            setSelected(new Set());
            submit.reset();
            void s.clearAll();
          }}
          testId="clear-draft-dialog"
        >
          Every image, caption and setting of this draft is removed from this browser. This cannot be undone.
        </ConfirmDialog>
        {viewerItem && viewer !== null && (
          <ImageViewer
            items={items}
            index={viewer}
            fullUrl={files.urls.get(viewerItem.id)?.full}
            onIndex={setViewer}
            onClose={() => setViewer(null)}
            onCaption={onCaption}
          />
        )}
      </div>
    </LiveStudioContext>
  );
}
