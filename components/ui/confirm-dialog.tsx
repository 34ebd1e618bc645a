"use client";

import type { ReactNode } from "react";
import { buttonStyles } from "./button-styles";
import { Modal } from "./modal";

/** A modal confirmation (see Modal). The confirm button is disabled while `busy`. */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = "Cancel",
  tone = "danger",
  busy = false,
  onConfirm,
  onCancel,
  testId,
  confirmTestId,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  tone?: "danger" | "primary";
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  testId?: string;
  confirmTestId?: string;
}) {
  return (
    <Modal open={open} title={title} busy={busy} onCancel={onCancel} testId={testId}>
      <div className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{children}</div>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        {/* biome-ignore lint/a11y/noAutofocus: a modal dialog's initial focus; the safe choice goes first */}
        <button type="button" onClick={onCancel} disabled={busy} className={buttonStyles.secondary} autoFocus>
          {cancelLabel}
        </button>
        <button
          type="button"
          onClick={onConfirm}
          disabled={busy}
          data-testid={confirmTestId}
          className={tone === "danger" ? buttonStyles.danger : buttonStyles.primary}
        >
          {busy ? "Working…" : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
