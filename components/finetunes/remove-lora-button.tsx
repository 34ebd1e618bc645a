"use client";

import { useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { toast } from "@/components/ui/toast-store";
import { useRemoveLora } from "@/lib/queries/finetunes";

/** Forget a LoRA added here, after a confirmation that says it stays at BFL. */
export function RemoveLoraButton({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  const remove = useRemoveLora();
  return (
    <>
      <button
        type="button"
        className={`${buttonStyles.ghost} relative`}
        onClick={() => setOpen(true)}
        data-testid="lora-remove"
      >
        Remove
      </button>
      <ConfirmDialog
        open={open}
        title={`Remove ${id} from this dashboard?`}
        confirmLabel="Remove"
        busy={remove.isPending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          remove.mutate(id, {
            onSuccess: () => {
              setOpen(false);
              toast({ tone: "success", title: `LoRA ${id} removed from this dashboard` });
            },
            onError: (e) => {
              setOpen(false);
              toast({ tone: "error", title: `Could not remove ${id}`, body: e.message });
            },
          })
        }
        testId="lora-remove-dialog"
      >
        The LoRA stays in your BFL account (delete it in BFL's dashboard); its images stay in the gallery. You
        can add it here again by name.
      </ConfirmDialog>
    </>
  );
}
