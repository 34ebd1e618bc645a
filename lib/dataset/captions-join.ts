/**
 * Punctuation-aware joins for bulk caption edits. Captions are comma-separated phrases or sentences, so:
 * - a suffix that starts with punctuation attaches to the caption (", soft light" → "landscape, soft light");
 * - a suffix that starts with a word follows a comma when the caption ends in a word ("high detail" →
 *   "hexagons, high detail") and a space when the caption already ends in punctuation ("A dog." → "A dog. high detail");
 * - a prefix is a lead-in ("a photo of", "TOK,"): joined with one space, or attached when the caption starts
 *   with punctuation;
 * - separators never double (", ," or ",,"), whitespace collapses at the seam and both ends are trimmed.
 */

const SEPARATOR_START = /^[\s,;:]+/;
const SEPARATOR_END = /[\s,;:]+$/;
const PUNCT_START = /^[,.;:!?)\]]/;
const PUNCT_END = /[,.;:!?]$/;

function tidy(s: string): string {
  return s.replace(/[ \t]+/g, " ").trim();
}

/** Caption + suffix. */
export function joinSuffix(caption: string, suffix: string): string {
  const a = tidy(caption);
  const b = tidy(suffix);
  if (!a) return b.replace(SEPARATOR_START, "");
  if (!b) return a;
  if (/^[,;:]/.test(b)) return `${a.replace(SEPARATOR_END, "")}${b}`;
  if (PUNCT_START.test(b)) return `${a}${b}`;
  return PUNCT_END.test(a) ? `${a} ${b}` : `${a}, ${b}`;
}

/** Prefix + caption. */
export function joinPrefix(prefix: string, caption: string): string {
  const a = tidy(prefix);
  const b = tidy(caption);
  if (!b) return a.replace(SEPARATOR_END, "");
  if (!a) return b;
  if (/[,;:]$/.test(a)) return `${a} ${b.replace(SEPARATOR_START, "")}`;
  if (PUNCT_START.test(b)) return `${a}${b}`;
  return `${a} ${b}`;
}

/** A caption with any leading separators removed (what follows an inserted trigger word). */
export function stripLeadingSeparators(caption: string): string {
  return tidy(caption).replace(SEPARATOR_START, "");
}
