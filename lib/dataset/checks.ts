import { countProblems, type DatasetProblem, type FinetuneMode } from "@/lib/bfl";
import { mentionsTrigger, repeatedDescriptions } from "./captions";
import { type DuplicatePair, findDuplicates } from "./hash";
import { megapixels, TINY_PIXELS } from "./resize";
import type { DatasetItem, DatasetState } from "./types";

/** Every check the studio runs before upload, from the dataset and the form. Pure. */

export type CardFix = "add-trigger" | "remove-caption";

export interface CardWarning {
  code:
    | "no_caption"
    | "empty_caption"
    | "missing_trigger"
    | "tiny_image"
    | "extreme_aspect"
    | "duplicate"
    | "near_duplicate";
  message: string;
  fix?: CardFix;
}

export interface DatasetNotice {
  code: string;
  severity: "error" | "warning" | "hint";
  message: string;
  /** The caption stem a caption_without_image notice is about (for its "Remove" fix). */
  ref?: string;
}

export interface CheckInput {
  captioning: boolean;
  triggerWord: string;
  mode: FinetuneMode | "";
}

export interface CheckResult {
  perItem: Map<string, CardWarning[]>;
  notices: DatasetNotice[];
  duplicates: DuplicatePair[];
  /** Blocking problems (count rules, images still processing). */
  blocked: boolean;
}

export function cardWarnings(item: DatasetItem, input: CheckInput): CardWarning[] {
  const out: CardWarning[] = [];
  const caption = item.caption;
  if (caption === null && !input.captioning) {
    out.push({
      code: "no_caption",
      message: "No caption, and auto-captioning is off: this image trains without any text.",
    });
  } else if (caption !== null && caption.trim() === "") {
    out.push({
      code: "empty_caption",
      message: "The caption is empty.",
      fix: "remove-caption",
    });
  } else if (caption !== null && input.triggerWord.trim() && !mentionsTrigger(caption, input.triggerWord)) {
    out.push({
      code: "missing_trigger",
      message: `The caption does not mention the trigger word "${input.triggerWord.trim()}".`,
      fix: "add-trigger",
    });
  }
  const p = item.processed;
  if (p && p.origWidth * p.origHeight < TINY_PIXELS) {
    out.push({
      code: "tiny_image",
      message: `Only ${p.origWidth}×${p.origHeight} (${megapixels(p.origWidth, p.origHeight)}): small images train worse; BFL uses up to 1 MP.`,
    });
  }
  if (p && Math.max(p.origWidth, p.origHeight) / Math.min(p.origWidth, p.origHeight) > MAX_ASPECT) {
    out.push({
      code: "extreme_aspect",
      message: `${aspectLabel(p.origWidth, p.origHeight)} is more elongated than 21:9, the widest shape BFL generates; it trains a shape the model will not produce. Crop it closer to the subject.`,
    });
  }
  return out;
}

/**
 * Longest side over shortest side beyond which an image gets a warning: BFL documents no training
 * aspect limit, but its finetuned models generate only between 21:9 and 9:21, so a 4:1 panorama teaches
 * a composition that can never come back out.
 */
export const MAX_ASPECT = 21 / 9;

function aspectLabel(w: number, h: number): string {
  const r = Math.max(w, h) / Math.min(w, h);
  return w >= h ? `${r.toFixed(1)}:1 (${w}×${h})` : `1:${r.toFixed(1)} (${w}×${h})`;
}

/** A card warning seen on this many images or more becomes one dataset-level summary instead. */
export const SUMMARY_MIN = 3;

const SUMMARY: Partial<Record<CardWarning["code"], (n: number, input: CheckInput) => string>> = {
  no_caption: (n) =>
    `${n} images have no caption and auto-captioning is off: they train without any text. Turn auto-captioning on or write captions.`,
  empty_caption: (n) => `${n} captions are empty; an empty caption trains the image without text.`,
  missing_trigger: (n, input) =>
    `${n} captions do not mention the trigger word "${input.triggerWord.trim()}". "Insert trigger word where missing" in the bulk editor adds it.`,
  tiny_image: (n) => `${n} images are under 0.3 MP: small images train worse; BFL uses up to 1 MP.`,
  extreme_aspect: (n) =>
    `${n} images are more elongated than 21:9, the widest shape BFL generates. Crop them closer to the subject.`,
};

const SHORT: Partial<Record<CardWarning["code"], (input: CheckInput) => string>> = {
  missing_trigger: (input) => `No "${input.triggerWord.trim()}" in the caption.`,
  empty_caption: () => "Empty caption.",
};

function nameList(names: string[]): string {
  return names.length <= 3
    ? names.join(", ")
    : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}

/** Replace warnings repeated on many cards by one notice each (the cards keep only what is particular to them). */
function summarise(
  state: DatasetState,
  perItem: Map<string, CardWarning[]>,
  input: CheckInput,
): DatasetNotice[] {
  const notices: DatasetNotice[] = [];
  for (const [code, text] of Object.entries(SUMMARY) as [
    CardWarning["code"],
    NonNullable<(typeof SUMMARY)["no_caption"]>,
  ][]) {
    const hit = state.items.filter((i) => perItem.get(i.id)?.some((w) => w.code === code));
    if (hit.length < SUMMARY_MIN) continue;
    // A warning with a one-click fix stays on the card as a short label with its button; the rest go.
    const short = SHORT[code]?.(input);
    for (const i of hit)
      perItem.set(
        i.id,
        perItem
          .get(i.id)!
          .flatMap((w) => (w.code !== code ? [w] : short && w.fix ? [{ ...w, message: short }] : [])),
      );
    notices.push({
      code: `many_${code}`,
      severity: "warning",
      message: `${text(hit.length, input)} (${nameList(hit.map((i) => i.name))})`,
    });
  }
  return notices;
}

/** "a", "a and b", "a, b and c". */
function and(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Duplicate pairs joined into groups (three copies of one picture make one group, not three pairs), in dataset order. */
function duplicateGroups(
  state: DatasetState,
  pairs: readonly DuplicatePair[],
): { kind: DuplicatePair["kind"]; ids: string[] }[] {
  const out: { kind: DuplicatePair["kind"]; ids: string[] }[] = [];
  for (const kind of ["duplicate", "near-duplicate"] as const) {
    const group = new Map<string, Set<string>>();
    for (const p of pairs.filter((x) => x.kind === kind)) {
      const merged = new Set([...(group.get(p.a) ?? [p.a]), ...(group.get(p.b) ?? [p.b])]);
      for (const id of merged) group.set(id, merged);
    }
    for (const g of new Set(group.values()))
      out.push({ kind, ids: state.items.filter((i) => g.has(i.id)).map((i) => i.id) });
  }
  return out;
}

export function checkDataset(state: DatasetState, input: CheckInput): CheckResult {
  const perItem = new Map<string, CardWarning[]>();
  for (const item of state.items) perItem.set(item.id, cardWarnings(item, input));
  const names = new Map(state.items.map((i) => [i.id, i.name]));
  const duplicates = findDuplicates(
    state.items.map((i) => ({ id: i.id, grid: i.processed?.grid, sha256: i.processed?.sha256 })),
  );
  const groups = duplicateGroups(state, duplicates);
  for (const { kind, ids } of groups) {
    for (const self of ids) {
      const others = and(ids.filter((id) => id !== self).map((id) => names.get(id) ?? id));
      perItem.get(self)?.push({
        code: kind === "duplicate" ? "duplicate" : "near_duplicate",
        message: kind === "duplicate" ? `Same file as ${others}.` : `Looks nearly the same as ${others}.`,
      });
    }
  }
  // An empty dataset is where everyone starts, not an error: the page invites images instead (still blocked).
  const notices: DatasetNotice[] =
    state.items.length === 0
      ? []
      : countProblems(state.items.length).map((p: DatasetProblem) => ({
          code: p.code,
          severity: p.severity,
          message: p.message,
        }));
  const processing = state.items.filter((i) => i.status === "processing").length;
  if (processing > 0) {
    notices.push({
      code: "processing",
      severity: "error",
      message: `${processing} image${processing === 1 ? " is" : "s are"} still being prepared.`,
    });
  }
  for (const o of state.orphans) {
    notices.push({
      code: "caption_without_image",
      severity: "warning",
      ref: o.stem,
      message: `${o.name} has no image named like it (${o.stem}.jpg, .png or .webp); it will not be uploaded.`,
    });
  }
  for (const { kind, ids } of groups) {
    const list = and(ids.map((id) => names.get(id) ?? id));
    notices.push({
      code: kind,
      severity: "warning",
      message:
        kind === "duplicate"
          ? `${list} are the same file.`
          : `${list} look nearly the same: keep one unless each shows something the others do not.`,
    });
  }
  if (input.mode === "character") {
    const repeated = repeatedDescriptions(state.items.map((i) => i.caption));
    const top = repeated[0];
    if (top) {
      notices.push({
        code: "repeated_description",
        severity: "hint",
        message: `${top.count} captions repeat the same long description ("${top.text}"). In character mode, describe the subject briefly and let the trigger word carry the identity.`,
      });
    }
  }
  notices.push(...summarise(state, perItem, input));
  const blocked = state.items.length === 0 || notices.some((n) => n.severity === "error");
  return { perItem, notices, duplicates, blocked };
}
