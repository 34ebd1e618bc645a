import { stripLeadingSeparators } from "./captions-join";

/** Caption helpers: trigger-word checks and fixes, and the character-mode "same description" hint. */

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True when the caption contains the trigger word as a whole word (case-insensitive). */
export function mentionsTrigger(caption: string, trigger: string): boolean {
  const t = trigger.trim();
  if (!t) return true;
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRegex(t)}($|[^\\p{L}\\p{N}_])`, "iu").test(caption);
}

/** Put the trigger word in front ("TOK, a photo of ...") unless the caption already has it. */
export function insertTrigger(caption: string, trigger: string): string {
  const t = trigger.trim();
  if (!t || mentionsTrigger(caption, t)) return caption;
  // ", soft light" → "TOK, soft light": the caption's own leading separator is not doubled.
  const c = stripLeadingSeparators(caption);
  return c ? `${t}, ${c}` : t;
}

/** Clauses this long or longer count as a "long description". */
export const LONG_CLAUSE_WORDS = 6;

function clauses(caption: string): string[] {
  return caption
    .toLowerCase()
    .split(/[.;,\n]+/)
    .map((c) => c.replace(/\s+/g, " ").trim())
    .filter((c) => c.split(" ").length >= LONG_CLAUSE_WORDS);
}

/**
 * Long descriptions repeated across captions (the guide: in character mode, describe the subject
 * briefly). Returns each repeated clause with how many captions contain it, most frequent first.
 */
export function repeatedDescriptions(
  captions: readonly (string | null)[],
  minCount = 3,
): { text: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const caption of captions) {
    if (!caption) continue;
    for (const c of new Set(clauses(caption))) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts]
    .filter(([, n]) => n >= minCount)
    .map(([text, count]) => ({ text, count }))
    .sort((a, b) => b.count - a.count);
}
