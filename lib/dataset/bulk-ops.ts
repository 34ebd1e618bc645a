import { insertTrigger, mentionsTrigger } from "./captions";

/** Caption operations over many images at once, previewed before they apply and undoable after. */
export type BulkOp =
  | { kind: "prefix"; text: string }
  | { kind: "suffix"; text: string }
  | { kind: "replace"; find: string; replace: string; regex: boolean; caseSensitive: boolean }
  | { kind: "trigger"; word: string }
  | { kind: "clear" };

export interface CaptionChange {
  id: string;
  before: string | null;
  after: string | null;
}

export type BulkResult = { ok: true; changes: CaptionChange[] } | { ok: false; error: string };

/** Compile the find pattern of a replace; a bad regex gives a message instead of throwing. */
export function compileFind(
  op: Extract<BulkOp, { kind: "replace" }>,
): { ok: true; re: RegExp } | { ok: false; error: string } {
  if (!op.find) return { ok: false, error: "Type the text to find." };
  const flags = op.caseSensitive ? "gu" : "giu";
  if (!op.regex) return { ok: true, re: new RegExp(op.find.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), flags) };
  try {
    const re = new RegExp(op.find, flags);
    if (re.test("")) return { ok: false, error: "This pattern matches empty text; make it match something." };
    return { ok: true, re };
  } catch (e) {
    return {
      ok: false,
      error: `Not a valid regular expression: ${(e as Error).message.replace(/^.*?: /, "")}`,
    };
  }
}

function joinParts(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  return /\s$/.test(a) || /^\s/.test(b) ? a + b : `${a} ${b}`;
}

/** What the operation would change on the given captions (unchanged captions are left out). */
export function planBulk(
  captions: ReadonlyMap<string, string | null>,
  ids: readonly string[],
  op: BulkOp,
): BulkResult {
  let re: RegExp | undefined;
  if (op.kind === "replace") {
    const compiled = compileFind(op);
    if (!compiled.ok) return compiled;
    re = compiled.re;
  }
  if ((op.kind === "prefix" || op.kind === "suffix") && !op.text.trim())
    return { ok: false, error: `Type the ${op.kind} to add.` };
  if (op.kind === "trigger" && !op.word.trim()) return { ok: false, error: "Set a trigger word first." };
  const changes: CaptionChange[] = [];
  for (const id of ids) {
    if (!captions.has(id)) continue;
    const before = captions.get(id) ?? null;
    const text = before ?? "";
    let after: string | null;
    switch (op.kind) {
      case "prefix":
        after = text.trim().startsWith(op.text.trim()) ? text : joinParts(op.text, text);
        break;
      case "suffix":
        after = text.trim().endsWith(op.text.trim()) ? text : joinParts(text, op.text);
        break;
      case "replace":
        after = before === null ? null : text.replace(re!, op.replace);
        break;
      case "trigger":
        after = mentionsTrigger(text, op.word) && before !== null ? before : insertTrigger(text, op.word);
        break;
      case "clear":
        after = null;
        break;
    }
    if (after !== before) changes.push({ id, before, after });
  }
  return { ok: true, changes };
}

/** A labelled group of caption changes that undo reverts together. */
export interface UndoEntry {
  label: string;
  changes: CaptionChange[];
}

/** Keep the last this many steps (each is small: captions only). */
export const UNDO_LIMIT = 50;

export function pushUndo(stack: readonly UndoEntry[], entry: UndoEntry): UndoEntry[] {
  if (entry.changes.length === 0) return [...stack];
  return [...stack, entry].slice(-UNDO_LIMIT);
}

/** Revert the newest step: returns the captions to write back and the shorter stack. */
export function popUndo(
  stack: readonly UndoEntry[],
): { entry: UndoEntry; restore: { id: string; caption: string | null }[]; stack: UndoEntry[] } | null {
  const entry = stack.at(-1);
  if (!entry) return null;
  return {
    entry,
    restore: entry.changes.map((c) => ({ id: c.id, caption: c.before })),
    stack: stack.slice(0, -1),
  };
}

export function describeOp(op: BulkOp): string {
  switch (op.kind) {
    case "prefix":
      return `Add prefix "${op.text}"`;
    case "suffix":
      return `Add suffix "${op.text}"`;
    case "replace":
      return `Replace "${op.find}" with "${op.replace}"`;
    case "trigger":
      return `Insert trigger word "${op.word}"`;
    case "clear":
      return "Clear captions";
  }
}
