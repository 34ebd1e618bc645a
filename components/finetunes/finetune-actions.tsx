"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast-store";
import type { Finetune } from "@/lib/api/types";
import { playgroundBlockReason } from "@/lib/finetunes/actions";
import { finetuneDatasetUrl, useDeleteFinetune } from "@/lib/queries/finetunes";

/** A disabled action that says why, instead of a link that would fail. */
function Unavailable({ label, reason, testId }: { label: string; reason: string; testId: string }) {
  return (
    <div className="flex flex-col gap-1">
      <button type="button" disabled className={buttonStyles.secondary} data-testid={testId}>
        {label}
      </button>
      <p className="max-w-56 text-xs text-zinc-600 dark:text-zinc-400" data-testid={`${testId}-reason`}>
        {reason}
      </p>
    </div>
  );
}

export function FinetuneActions({ finetune: f }: { finetune: Finetune }) {
  const router = useRouter();
  const remove = useDeleteFinetune();
  const [confirming, setConfirming] = useState(false);
  const name = f.finetune_comment || "Untitled finetune";
  const blocked = playgroundBlockReason(f);
  const id = encodeURIComponent(f.id);

  function confirmDelete() {
    remove.mutate(f.id, {
      onSuccess: () => {
        setConfirming(false);
        toast({
          title: `Deleted "${name}"`,
          body: "Images generated with it stay in the gallery.",
          tone: "success",
        });
        router.push("/finetunes");
      },
    });
  }

  return (
    <section aria-label="Actions" className="flex flex-wrap items-start gap-2">
      {blocked ? (
        <Unavailable label="Open in playground" reason={blocked} testId="open-playground" />
      ) : (
        <Link
          href={`/playground?finetune=${id}`}
          className={buttonStyles.primary}
          data-testid="open-playground"
        >
          Open in playground
        </Link>
      )}
      <Link href={`/new?retrain=${id}`} className={buttonStyles.secondary} data-testid="retrain">
        Retrain with changes
      </Link>
      {f.has_dataset ? (
        <a
          href={finetuneDatasetUrl(f.id)}
          download
          className={buttonStyles.secondary}
          data-testid="download-dataset"
        >
          Download dataset
        </a>
      ) : (
        <Unavailable
          label="Download dataset"
          reason="Created outside this dashboard: no dataset is stored here."
          testId="download-dataset"
        />
      )}
      <button
        type="button"
        onClick={() => {
          remove.reset();
          setConfirming(true);
        }}
        className={buttonStyles.danger}
        data-testid="delete-finetune"
      >
        Delete
      </button>
      <ConfirmDialog
        open={confirming}
        title={`Delete "${name}"?`}
        confirmLabel="Delete finetune"
        busy={remove.isPending}
        onConfirm={confirmDelete}
        onCancel={() => setConfirming(false)}
        testId="delete-dialog"
      >
        <p>
          This deletes the finetune <strong>{name}</strong> at BFL; it cannot be used or restored afterwards.
          Images already generated with it stay in the gallery, marked as from a deleted finetune.
        </p>
        {remove.isError ? (
          <p role="alert" className="mt-3 font-semibold text-red-700 dark:text-red-300">
            Not deleted: {remove.error.message}
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
