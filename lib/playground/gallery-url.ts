import { inferenceEndpointSchema } from "@/lib/bfl";
import type { GenerationFilter } from "@/lib/queries/generations";

/**
 * Gallery filters ⇄ the page's query string, so a filtered view can be reloaded, shared and returned
 * to with Back. Unknown or malformed values are dropped, never trusted.
 */
type Params = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v.trim() : undefined);

export function galleryFilterFromParams(sp: Params): GenerationFilter {
  const endpoint = inferenceEndpointSchema.safeParse(sp.endpoint);
  const q = one(sp.q)?.slice(0, 200);
  return {
    finetune_id: one(sp.finetune),
    endpoint: endpoint.success ? endpoint.data : undefined,
    q,
    favourites: sp.favourites === "1" ? true : undefined,
  };
}

export function galleryFilterToQuery(f: GenerationFilter): string {
  const qs = new URLSearchParams();
  if (f.finetune_id) qs.set("finetune", f.finetune_id);
  if (f.endpoint) qs.set("endpoint", f.endpoint);
  if (f.q?.trim()) qs.set("q", f.q.trim());
  if (f.favourites) qs.set("favourites", "1");
  const s = qs.toString();
  return s ? `?${s}` : "";
}

export function isGalleryFiltered(f: GenerationFilter): boolean {
  return Boolean(f.finetune_id || f.endpoint || f.q?.trim() || f.favourites);
}
