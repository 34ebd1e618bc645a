import { type PromptExport, promptExportSchema } from "./prompts";

/** Read an import file in the browser, with a message that names what is wrong with it. */
export function describePromptFile(
  name: string,
  text: string,
): { ok: true; file: PromptExport } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: `${name} is not valid JSON.` };
  }
  const parsed = promptExportSchema.safeParse(raw);
  if (parsed.success) return { ok: true, file: parsed.data };
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join(".") || "file"}: ${i.message}`)
    .join("; ");
  return { ok: false, error: `${name} cannot be imported: ${issues}.` };
}
