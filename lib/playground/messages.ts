import type { Generation } from "@/lib/api/types";

/** Plain-words text for every way an image can fail, shown on the tile it belongs to. */

export interface Problem {
  title: string;
  message: string;
  /** Out of credits etc.: worth a distinct look. */
  kind: "moderated" | "credits" | "error";
}

const CODE_MESSAGES: Record<string, Problem> = {
  bfl_out_of_credits: {
    title: "Out of credits",
    message: "Your BFL account has no credits left. Add credits in BFL's dashboard, then try again.",
    kind: "credits",
  },
  bfl_finetune_not_ready: {
    title: "Finetune not ready",
    message:
      "BFL says this finetune is not ready (still training, failed or deleted). Pick a Ready finetune.",
    kind: "error",
  },
  region_mismatch: {
    title: "Other region",
    message: "This finetune was trained in another BFL region and cannot be used from this dashboard.",
    kind: "error",
  },
  bfl_busy: {
    title: "BFL is busy",
    message: "BFL has too many images in progress for this account. Wait a moment and try again.",
    kind: "error",
  },
  bfl_auth_failed: {
    title: "API key refused",
    message: "BFL refused the dashboard's API key. Check BFL_API_KEY on the server.",
    kind: "error",
  },
  network: {
    title: "No connection",
    message: "The dashboard server could not be reached. Check your connection and try again.",
    kind: "error",
  },
  payload_too_large: {
    title: "Images too large",
    message: "The images are too large to send. Use smaller images and try again.",
    kind: "error",
  },
  bfl_timeout: {
    title: "BFL did not answer",
    message: "BFL did not answer in time. Try again in a moment.",
    kind: "error",
  },
  bfl_unknown_outcome: {
    title: "Outcome unknown",
    message:
      "The request reached BFL but no answer came back, so it may or may not run. Check the gallery before retrying.",
    kind: "error",
  },
};

/** A message safe to show: server messages are plain words by contract, but never show JSON or stacks. */
function plain(message: string | undefined, fallback: string): string {
  if (!message) return fallback;
  const m = message.trim();
  if (!m || m.length > 400 || /^[[{<]/.test(m) || /\bat\s+\S+\s+\(|Error:|undefined|null/.test(m))
    return fallback;
  return m;
}

/** For a submission the dashboard refused (`{code, message}` with a status). */
export function submitProblem(err: { code?: string; message?: string; status?: number }): Problem {
  const known = err.code ? CODE_MESSAGES[err.code] : undefined;
  if (known) return known;
  if (err.status === 422 || err.code === "validation_failed" || err.code === "bfl_validation") {
    return {
      title: "Settings refused",
      message: plain(err.message, "Some settings were not accepted. Check the form."),
      kind: "error",
    };
  }
  return {
    title: "Could not start",
    message: plain(err.message, "The image could not be started. Try again in a moment."),
    kind: "error",
  };
}

/** For a finished generation that has no image; null while running or when Ready. */
export function generationProblem(g: Pick<Generation, "status" | "error">): Problem | null {
  switch (g.status) {
    case "Request Moderated":
      return {
        title: "Prompt moderated",
        message:
          "BFL's moderation refused this prompt or input image, so no image was made. Nothing was charged. Rephrase the prompt and try again.",
        kind: "moderated",
      };
    case "Content Moderated":
      return {
        title: "Image moderated",
        message: "BFL made the image but its moderation withheld it. Try a different prompt.",
        kind: "moderated",
      };
    case "Error": {
      const known = g.error?.code ? CODE_MESSAGES[g.error.code] : undefined;
      if (known) return known;
      return {
        title: "Generation failed",
        message: plain(
          g.error?.message,
          "BFL could not make this image. Try again; if it keeps failing, change the settings.",
        ),
        kind: "error",
      };
    }
    default:
      return null;
  }
}

export function statusText(status: Generation["status"]): string {
  if (status === "Queued") return "Waiting for a free slot at BFL…";
  if (status === "Pending") return "Generating…";
  return status;
}
