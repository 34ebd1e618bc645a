import { Badge } from "@/components/ui/badge";
import type { FinetuneStatus } from "@/lib/api/types";
import { type StatusIcon, statusPresentation } from "@/lib/finetunes/status";

function Icon({ icon }: { icon: StatusIcon }) {
  const common = { width: 12, height: 12, viewBox: "0 0 16 16", fill: "none" } as const;
  switch (icon) {
    case "check":
      return (
        <svg aria-hidden="true" {...common}>
          <path d="M3 8.5l3.2 3L13 4.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      );
    case "cross":
      return (
        <svg aria-hidden="true" {...common}>
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      );
    case "clock":
      return (
        <svg aria-hidden="true" {...common}>
          <circle cx="8" cy="8" r="6" stroke="currentColor" strokeWidth="1.6" />
          <path d="M8 4.5V8l2.5 1.5" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      );
    case "spinner":
      return (
        <svg aria-hidden="true" {...common} className="motion-safe:animate-spin">
          <path d="M8 2a6 6 0 1 1-6 6" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
      );
  }
}

/** Status as words plus an icon plus a colour. */
export function StatusBadge({ status }: { status: FinetuneStatus }) {
  const p = statusPresentation(status);
  return (
    <Badge tone={p.tone} icon={<Icon icon={p.icon} />} title={p.description} testId="finetune-status">
      {p.label}
    </Badge>
  );
}
