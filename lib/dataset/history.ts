import type { CaptionChange } from "./bulk-ops";
import type { DatasetItem, DatasetState } from "./types";

/**
 * Undo and redo for the dataset studio: bulk caption edits, hand-typed caption edits (one step per card
 * until another card or action comes between) and removals (the image and its caption come back). Kept in
 * memory only, for as long as the page is open: a reload restores the draft but starts a fresh history, so
 * yesterday's bulk action can never undo today's typing. An undo whose captions changed some other way is
 * refused with a message rather than overwriting them.
 */

export type HistoryEntry =
  | { kind: "captions"; label: string; changes: CaptionChange[]; typedId?: string }
  | { kind: "remove"; label: string; removed: { item: DatasetItem; index: number }[] };

export interface History {
  undo: HistoryEntry[];
  redo: HistoryEntry[];
}

export const EMPTY_HISTORY: History = { undo: [], redo: [] };

/** Keep the last this many steps. */
export const HISTORY_LIMIT = 50;

export type StepResult =
  | { ok: true; dataset: DatasetState; history: History; entry: HistoryEntry }
  | { ok: false; error: string };

function isEmpty(e: HistoryEntry): boolean {
  return e.kind === "captions" ? e.changes.length === 0 : e.removed.length === 0;
}

/** Add a step (clears redo). Typing in the same card as the newest step extends that step. */
export function record(h: History, entry: HistoryEntry): History {
  if (isEmpty(entry)) return h;
  const top = h.undo.at(-1);
  if (
    entry.kind === "captions" &&
    entry.typedId &&
    top?.kind === "captions" &&
    top.typedId === entry.typedId &&
    h.redo.length === 0
  ) {
    const first = top.changes[0]!;
    const merged: HistoryEntry = { ...top, changes: [{ ...first, after: entry.changes[0]!.after }] };
    return { undo: [...h.undo.slice(0, -1), merged], redo: [] };
  }
  return { undo: [...h.undo, entry].slice(-HISTORY_LIMIT), redo: [] };
}

function listNames(names: string[]): string {
  return names.length <= 3
    ? names.join(", ")
    : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}

function setCaps(d: DatasetState, caps: Map<string, string | null>): DatasetState {
  return {
    ...d,
    items: d.items.map((i) => (caps.has(i.id) ? { ...i, caption: caps.get(i.id) ?? null } : i)),
  };
}

/** Apply a step forwards (redo) or backwards (undo), refusing when the dataset moved on in a way it did not record. */
function apply(d: DatasetState, e: HistoryEntry, direction: "undo" | "redo"): DatasetState | string {
  const verb = direction === "undo" ? "undo" : "redo";
  if (e.kind === "captions") {
    const byId = new Map(d.items.map((i) => [i.id, i]));
    const missing: string[] = [];
    const changed: string[] = [];
    for (const c of e.changes) {
      const item = byId.get(c.id);
      const expected = direction === "undo" ? c.after : c.before;
      if (!item) missing.push(c.id);
      else if (item.caption !== expected) changed.push(item.name);
    }
    if (changed.length > 0)
      return `Cannot ${verb} "${e.label}": the caption${changed.length === 1 ? " of" : "s of"} ${listNames(changed)} changed since; ${verb}ing would overwrite that.`;
    const caps = new Map(
      e.changes.filter((c) => byId.has(c.id)).map((c) => [c.id, direction === "undo" ? c.before : c.after]),
    );
    if (caps.size === 0) return `Cannot ${verb} "${e.label}": those images are no longer in the dataset.`;
    return setCaps(d, caps);
  }
  if (direction === "undo") {
    const stems = new Map(d.items.map((i) => [i.stem, i.name]));
    const clash = e.removed.filter((r) => stems.has(r.item.stem)).map((r) => r.item.name);
    if (clash.length > 0)
      return `Cannot undo "${e.label}": an image with the same name as ${listNames(clash)} was added since.`;
    const items = [...d.items];
    for (const r of [...e.removed].sort((a, b) => a.index - b.index))
      items.splice(Math.min(r.index, items.length), 0, r.item);
    return { ...d, items };
  }
  const ids = new Set(e.removed.map((r) => r.item.id));
  return { ...d, items: d.items.filter((i) => !ids.has(i.id)) };
}

export function undoStep(h: History, d: DatasetState): StepResult {
  const entry = h.undo.at(-1);
  if (!entry) return { ok: false, error: "Nothing to undo." };
  const next = apply(d, entry, "undo");
  if (typeof next === "string") return { ok: false, error: next };
  return { ok: true, dataset: next, entry, history: { undo: h.undo.slice(0, -1), redo: [...h.redo, entry] } };
}

export function redoStep(h: History, d: DatasetState): StepResult {
  const entry = h.redo.at(-1);
  if (!entry) return { ok: false, error: "Nothing to redo." };
  const next = apply(d, entry, "redo");
  if (typeof next === "string") return { ok: false, error: next };
  return { ok: true, dataset: next, entry, history: { undo: [...h.undo, entry], redo: h.redo.slice(0, -1) } };
}

/** Remove images as one undoable step (their captions and processed data go with them and come back). */
export function removeItems(
  d: DatasetState,
  ids: ReadonlySet<string>,
): { dataset: DatasetState; entry: HistoryEntry } {
  const removed = d.items.flatMap((item, index) => (ids.has(item.id) ? [{ item, index }] : []));
  const label = removed.length === 1 ? `Remove ${removed[0]!.item.name}` : `Remove ${removed.length} images`;
  return {
    dataset: { ...d, items: d.items.filter((i) => !ids.has(i.id)) },
    entry: { kind: "remove", label, removed },
  };
}

/** Ids of images that a step could bring back (their files must be kept while they can). */
export function idsHeld(h: History): Set<string> {
  const out = new Set<string>();
  for (const e of [...h.undo, ...h.redo])
    if (e.kind === "remove") for (const r of e.removed) out.add(r.item.id);
  return out;
}
