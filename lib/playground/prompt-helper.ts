import type { FinetuneMode } from "@/lib/bfl";

/**
 * The guide's prompting advice, as code: prepend the trigger word for character, product and general
 * finetunes; append "in the style of <trigger>" for styles.
 */

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function containsTrigger(prompt: string, trigger: string): boolean {
  if (!trigger.trim()) return true;
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escapeRegExp(trigger.trim())}($|[^\\p{L}\\p{N}_])`, "iu").test(
    prompt,
  );
}

/** The prompt with the trigger word placed the way the guide advises for the mode (unchanged if present). */
export function applyTriggerWord(prompt: string, trigger: string, mode: FinetuneMode | string): string {
  const t = trigger.trim();
  const p = prompt.trim();
  if (!t || containsTrigger(p, t)) return prompt;
  if (mode === "style") {
    const phrase = `in the style of ${t}`;
    return p ? `${p.replace(/[\s,.;]+$/, "")}, ${phrase}` : phrase;
  }
  return p ? `${t}, ${p}` : t;
}

export function triggerHint(trigger: string, mode: FinetuneMode | string): string {
  return mode === "style" ? `Adds “in the style of ${trigger}” at the end` : `Puts “${trigger}” at the start`;
}

/** The guide's prompting tips, with the ones for the finetune's mode first. */
export function promptTips(mode: FinetuneMode | string): string[] {
  const general = [
    "A contextual trigger word works better than “TOK”, e.g. “mycstm sunglasses” for a product.",
    "Prepending the trigger word helps: “mycstm sunglasses, a photo of mycstm sunglasses laying on grass”.",
  ];
  if (mode === "style") {
    return [
      "For styles, ending with “in the style of <trigger>” greatly helps the style come through.",
      ...general,
    ];
  }
  if (mode === "character" || mode === "product") {
    return [
      ...general,
      "For consistency it can help to describe the person or product briefly (hair, clothes, colour, material).",
    ];
  }
  return general;
}

/** The guide's advice on finetune_strength, shown beside the slider. */
export const STRENGTH_ADVICE = [
  "Raise it (values above 1 are fine) if the concept does not show or the identity is not strong enough.",
  "Lower it if the concept will not generalise to new settings or the image shows artifacts.",
  "0 is the base model without your finetune.",
] as const;
