import { insertTrigger, mentionsTrigger } from "./captions";
import { joinPrefix, joinSuffix } from "./captions-join";

/**
 * Caption operations over many images at once, previewed before they apply and undoable after (see
 * history.ts). Prefix, suffix and trigger leave images without a caption alone unless `includeUncaptioned`:
 * writing "TOK" onto them would switch off BFL's auto-captioning for those images.
 */
export type BulkOp =
  | { kind: "prefix"; text: string; includeUncaptioned?: boolean }
  | { kind: "suffix"; text: string; includeUncaptioned?: boolean }
  | { kind: "replace"; find: string; replace: string; regex: boolean; caseSensitive: boolean }
  | { kind: "trigger"; word: string; includeUncaptioned?: boolean }
  | { kind: "clear" };

/** Operations that add text, and so could turn an uncaptioned image into a captioned one. */
export function addsText(op: BulkOp): op is Extract<BulkOp, { kind: "prefix" | "suffix" | "trigger" }> {
  return op.kind === "prefix" || op.kind === "suffix" || op.kind === "trigger";
}

export interface CaptionChange {
  id: string;
  before: string | null;
  after: string | null;
}

/** `skipped`: images without a caption the operation left alone (0 when opted in or not applicable). */
export type BulkResult =
  | { ok: true; changes: CaptionChange[]; skipped: number }
  | { ok: false; error: string };

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
  let skipped = 0;
  for (const id of ids) {
    if (!captions.has(id)) continue;
    const before = captions.get(id) ?? null;
    const text = before ?? "";
    if (addsText(op) && !op.includeUncaptioned && !text.trim()) {
      skipped++;
      continue;
    }
    let after: string | null;
    switch (op.kind) {
      case "prefix":
        after = text.trim().startsWith(op.text.trim()) ? text : joinPrefix(op.text, text);
        break;
      case "suffix":
        after = text.trim().endsWith(op.text.trim()) ? text : joinSuffix(text, op.text);
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
  return { ok: true, changes, skipped };
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
