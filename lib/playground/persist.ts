import { z } from "zod";
import { inferenceEndpointSchema } from "@/lib/bfl";
import { type PlaygroundSettings, switchEndpoint } from "./settings";

/**
 * The playground settings a reload keeps (prompt, endpoint, strength), in localStorage. Images are not
 * kept (too large), nor the finetune: the link (`?finetune=`) or the first Ready one picks it.
 */
export const PLAYGROUND_STORAGE_KEY = "finetune-studio:playground";

const persistedSchema = z.object({
  endpoint: inferenceEndpointSchema,
  prompt: z.string().max(10_000),
  finetune_strength: z.number().min(0).max(2),
});
export type PersistedPlayground = z.infer<typeof persistedSchema>;

export function toPersisted(s: PlaygroundSettings): PersistedPlayground {
  return { endpoint: s.endpoint, prompt: s.prompt, finetune_strength: s.finetune_strength };
}

/** Saved text → settings, or null when there is nothing valid saved (a bad entry is ignored, not fatal). */
export function parsePersisted(raw: string | null): PersistedPlayground | null {
  if (!raw) return null;
  try {
    const parsed = persistedSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function applyPersisted(s: PlaygroundSettings, saved: PersistedPlayground): PlaygroundSettings {
  const next = saved.endpoint === s.endpoint ? s : switchEndpoint(s, saved.endpoint);
  return { ...next, prompt: saved.prompt, finetune_strength: saved.finetune_strength };
}
