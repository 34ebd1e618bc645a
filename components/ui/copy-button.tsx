"use client";

import { useState } from "react";
import { buttonStyles } from "./button-styles";

/** Copies `value` to the clipboard and says so in its own text (which a screen reader announces). */
export function CopyButton({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2_000);
  }
  return (
    <button type="button" onClick={copy} data-testid={testId} className={buttonStyles.secondary}>
      <span aria-hidden="true">⧉</span>
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}
      </span>
    </button>
  );
}
