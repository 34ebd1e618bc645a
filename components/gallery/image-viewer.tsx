"use client";

import Link from "next/link";
import { useId, useRef, useState } from "react";
import { downloadName } from "@/components/playground/result-tile";
import { buttonStyles } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DialogShell } from "@/components/ui/modal";
import type { Generation } from "@/lib/api/types";
import { ENDPOINT_INFO } from "@/lib/bfl";
import { parameterRows } from "@/lib/playground/gallery-groups";
import { generationProblem, statusText } from "@/lib/playground/messages";

/** Full-size viewer on a modal <dialog>: ←/→ move, Esc closes, every parameter listed. */
export function ImageViewer({
  items,
  index,
  onIndex,
  onClose,
  onDelete,
}: {
  items: Generation[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
  onDelete: (g: Generation) => Promise<void>;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const g = items[index];
  // Keyed by image id, so moving to another image drops a pending confirmation.
  const [confirmFor, setConfirmFor] = useState<string | null>(null);
  const [deleteProblem, setDeleteProblem] = useState<{ id: string; message: string } | null>(null);

  if (!g) return null;
  const problem = generationProblem(g);
  const confirming = confirmFor === g.id;
  const go = (delta: number) => onIndex(Math.min(items.length - 1, Math.max(0, index + delta)));
  const rows: { name: string; value: string }[] = [
    { name: "Prompt", value: g.prompt || "(no prompt)" },
    {
      name: "Finetune",
      value: `${g.finetune_comment ?? g.finetune_id}${g.finetune_deleted ? " (deleted)" : ""}`,
    },
    { name: "Endpoint", value: ENDPOINT_INFO[g.endpoint].label },
    { name: "Strength", value: String(g.finetune_strength) },
    { name: "Seed", value: String(g.seed ?? "random") },
    { name: "Size", value: g.width && g.height ? `${g.width}×${g.height}` : "—" },
    { name: "Status", value: statusText(g.status) },
    { name: "Cost", value: g.cost === null ? "—" : `${g.cost} credits` },
    { name: "Created", value: new Date(g.created_at).toLocaleString() },
    ...parameterRows(g),
  ];
  return (
    <DialogShell
      ref={ref}
      aria-labelledby={titleId}
      data-testid="viewer"
      onClose={onClose}
      onKeyDown={(e) => {
        if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
        if (e.key === "ArrowLeft") go(-1);
        if (e.key === "ArrowRight") go(1);
      }}
      className="h-[min(56rem,calc(100vh-2rem))] w-[min(80rem,calc(100vw-1rem))] rounded-lg bg-white p-0 text-zinc-900 shadow-xl backdrop:bg-black/70 dark:bg-zinc-900 dark:text-zinc-100"
    >
      <div className="flex h-full flex-col lg:flex-row">
        <div className="flex min-h-0 flex-1 items-center justify-center bg-zinc-950 p-2">
          {g.status === "Ready" && g.image_url ? (
            // biome-ignore lint/performance/noImgElement: the stored full-size image
            <img
              src={g.image_url}
              alt={`“${g.prompt || "no prompt"}” at strength ${g.finetune_strength}`}
              className="max-h-full max-w-full object-contain"
              data-testid="viewer-image"
            />
          ) : (
            <p className="p-4 text-sm text-zinc-100">
              {problem ? `${problem.title}: ${problem.message}` : statusText(g.status)}
            </p>
          )}
        </div>
        <aside className="flex max-h-[50%] flex-col gap-3 overflow-y-auto p-4 lg:max-h-none lg:w-96">
          <div className="flex items-start justify-between gap-2">
            <h2 id={titleId} className="text-lg font-semibold">
              Image {index + 1} of {items.length}
            </h2>
            <button
              type="button"
              className={buttonStyles.ghost}
              onClick={() => ref.current?.close()}
              data-testid="viewer-close"
            >
              Close <span className="sr-only">(Esc)</span>
            </button>
          </div>
          <div className="flex gap-2">
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={() => go(-1)}
              disabled={index === 0}
              data-testid="viewer-prev"
            >
              ← Newer
            </button>
            <button
              type="button"
              className={buttonStyles.secondary}
              onClick={() => go(1)}
              disabled={index === items.length - 1}
              data-testid="viewer-next"
            >
              Older →
            </button>
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm" data-testid="viewer-details">
            {rows.map((r) => (
              <div key={r.name} className="contents">
                <dt className="font-medium text-zinc-600 dark:text-zinc-400">{r.name}</dt>
                <dd className="break-words">{r.value}</dd>
              </div>
            ))}
          </dl>
          <div className="flex flex-wrap gap-2">
            {g.image_url && (
              <a
                href={g.image_url}
                download={downloadName(g)}
                className={buttonStyles.secondary}
                data-testid="viewer-download"
              >
                Download
              </a>
            )}
            <Link
              href={`/playground?from=${encodeURIComponent(g.id)}`}
              className={buttonStyles.primary}
              data-testid="viewer-use-settings"
            >
              Use these settings
            </Link>
            <button
              type="button"
              className={buttonStyles.danger}
              onClick={() => setConfirmFor(g.id)}
              data-testid="viewer-delete"
            >
              Delete
            </button>
          </div>
          <ConfirmDialog
            open={confirming}
            title="Delete this image?"
            confirmLabel="Delete"
            cancelLabel="Keep it"
            onCancel={() => setConfirmFor(null)}
            onConfirm={() => {
              setConfirmFor(null);
              onDelete(g).catch((err: unknown) =>
                setDeleteProblem({
                  id: g.id,
                  message: err instanceof Error ? err.message : "The image could not be deleted.",
                }),
              );
            }}
            confirmTestId="viewer-delete-confirm"
          >
            It leaves the gallery and its files are removed from this dashboard.
          </ConfirmDialog>
          {deleteProblem?.id === g.id && (
            <p role="alert" className="text-sm text-red-700 dark:text-red-300">
              {deleteProblem.message}
            </p>
          )}
        </aside>
      </div>
    </DialogShell>
  );
}
