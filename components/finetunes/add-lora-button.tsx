"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { toast } from "@/components/ui/toast-store";
import type { LoraForm } from "@/lib/finetunes/lora-form";
import { AddLoraDialog } from "./add-lora-dialog";

/** "Add LoRA" in the finetunes page header; a link from the local export opens it prefilled. */
export function AddLoraButton({ initial }: { initial: LoraForm | null }) {
  const router = useRouter();
  const [open, setOpen] = useState(initial !== null);
  const opener = useRef<HTMLButtonElement>(null);
  // Opened from a link: closing drops its query, so the same link opens the dialog again.
  const close = () => {
    setOpen(false);
    opener.current?.focus();
    if (initial) router.replace("/finetunes", { scroll: false });
  };
  return (
    <>
      <button
        ref={opener}
        type="button"
        className={buttonStyles.secondary}
        onClick={() => setOpen(true)}
        data-testid="add-lora"
      >
        Add LoRA
      </button>
      {/* Mounted only while open: a fresh form each time, and no hidden fields on the page. */}
      {open && (
        <AddLoraDialog
          open
          initial={initial}
          onClose={close}
          onAdded={(lora) => {
            close();
            toast({
              tone: "success",
              title: `LoRA ${lora.id} added`,
              action: {
                label: "Use in the playground",
                href: `/playground?finetune=${encodeURIComponent(lora.id)}`,
              },
            });
          }}
        />
      )}
    </>
  );
}
