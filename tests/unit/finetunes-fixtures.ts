import type { Finetune } from "@/lib/api/types";

/** A finetune as the dashboard API returns it; override what a test cares about. */
export function makeFinetune(over: Partial<Finetune> = {}): Finetune {
  return {
    id: "ft-1",
    finetune_comment: "Red mug",
    trigger_word: "TOK",
    mode: "product",
    finetune_type: "full",
    lora_rank: null,
    iterations: 300,
    learning_rate: 1e-5,
    priority: "quality",
    captioning: true,
    region: "us1",
    status: "Pending",
    progress: null,
    created_at: "2026-01-01T10:00:00.000Z",
    updated_at: "2026-01-01T10:00:00.000Z",
    error: null,
    source: "dashboard",
    has_dataset: true,
    image_count: 5,
    thumbnails: [],
    timeline: [{ status: "Pending", at: "2026-01-01T10:00:00.000Z" }],
    region_mismatch: false,
    ...over,
  };
}

export const T0 = Date.parse("2026-01-01T10:00:00.000Z");

/** A finished finetune that trained `seconds` (Pending → Ready). */
export function finished(id: string, seconds: number, over: Partial<Finetune> = {}): Finetune {
  const start = T0 - 86_400_000;
  return makeFinetune({
    id,
    status: "Ready",
    created_at: new Date(start).toISOString(),
    timeline: [
      { status: "Pending", at: new Date(start).toISOString() },
      { status: "Ready", at: new Date(start + seconds * 1000).toISOString() },
    ],
    ...over,
  });
}
