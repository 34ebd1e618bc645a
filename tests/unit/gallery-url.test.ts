import { describe, expect, it } from "vitest";
import type { Generation } from "@/lib/api/types";
import { parameterRows } from "@/lib/playground/gallery-groups";
import {
  galleryFilterFromParams,
  galleryFilterToQuery,
  isGalleryFiltered,
} from "@/lib/playground/gallery-url";

describe("gallery filters in the URL", () => {
  it("round-trip through the query string", () => {
    const f = { finetune_id: "ft-1", endpoint: "flux-pro-finetuned", q: "red kite", favourites: true };
    const query = galleryFilterToQuery(f);
    expect(query).toBe("?finetune=ft-1&endpoint=flux-pro-finetuned&q=red+kite&favourites=1");
    const back = galleryFilterFromParams(Object.fromEntries(new URLSearchParams(query.slice(1))));
    expect(back).toEqual(f);
  });

  it("drop unknown or malformed values instead of trusting them", () => {
    expect(
      galleryFilterFromParams({ endpoint: "flux-dev", favourites: "yes", q: "  ", finetune: ["a", "b"] }),
    ).toEqual({ finetune_id: undefined, endpoint: undefined, q: undefined, favourites: undefined });
    expect(galleryFilterToQuery({})).toBe("");
    expect(isGalleryFiltered({ q: " " })).toBe(false);
    expect(isGalleryFiltered({ favourites: true })).toBe(true);
  });
});

describe("viewer parameters", () => {
  it("are named in words, booleans as Yes/No, images sent by their name", () => {
    const g = {
      params: {
        aspect_ratio: "16:9",
        safety_tolerance: 2,
        prompt_upsampling: false,
        raw_thing: 1,
        prompt: "x",
      },
      inputs: ["control_image"],
    } as unknown as Generation;
    expect(parameterRows(g)).toEqual([
      { name: "Aspect ratio", value: "16:9" },
      { name: "Control image", value: "Sent (kept on the dashboard)" },
      { name: "Prompt upsampling", value: "No" },
      { name: "Raw thing", value: "1" },
      { name: "Safety tolerance", value: "2" },
    ]);
  });
});
