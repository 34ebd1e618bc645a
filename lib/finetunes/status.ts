import type { FinetuneStatus } from "@/lib/api/types";

export type StatusTone = "neutral" | "info" | "success" | "danger";
export type StatusIcon = "clock" | "spinner" | "check" | "cross";

export interface StatusPresentation {
  label: string;
  tone: StatusTone;
  icon: StatusIcon;
  /** One sentence for screen readers and tooltips. */
  description: string;
}

/** Every status has a word and an icon as well as a colour: colour is never the only signal. */
export const STATUS_PRESENTATION: Record<FinetuneStatus, StatusPresentation> = {
  Queued: {
    label: "Queued",
    tone: "neutral",
    icon: "clock",
    description: "Held by the dashboard until BFL has a free training slot.",
  },
  Pending: {
    label: "Training",
    tone: "info",
    icon: "spinner",
    description: "BFL is training this finetune (BFL's API calls this status Pending).",
  },
  Ready: { label: "Ready", tone: "success", icon: "check", description: "Trained and ready to use." },
  Error: { label: "Error", tone: "danger", icon: "cross", description: "Training failed." },
};

export function statusPresentation(status: FinetuneStatus): StatusPresentation {
  return STATUS_PRESENTATION[status];
}
