import type { Generation } from "@/lib/api/types";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Benchmark reference only (`npm run bench`, docs/benchmarks.md): the cheapest possible Next route
 * handler, answering a generation-shaped JSON held in memory, so the real status reads can be compared
 * with it on the same server. Only in the benchmark's own build: `route.bench.ts` is a route file only
 * when BENCH_BUILD=1 adds `bench.ts` to the page extensions (next.config.mjs), so the app never ships it.
 */
const at = "2025-01-01T00:00:00.000Z";
const BODY: { generation: Generation } = {
  generation: {
    id: "00000000-0000-4000-8000-000000000000",
    finetune_id: "00000000-0000-4000-8000-000000000001",
    finetune_comment: "bench reference",
    finetune_deleted: false,
    endpoint: "flux-pro-1.1-ultra-finetuned",
    finetune_strength: 1.2,
    prompt: "a photo of TOK on a beach at sunset",
    seed: 42,
    params: { aspect_ratio: "16:9", safety_tolerance: 2, output_format: "jpeg", prompt_upsampling: false },
    inputs: [],
    status: "Ready",
    error: null,
    image_url: "/api/generations/00000000-0000-4000-8000-000000000000/image",
    thumbnail_url: "/api/generations/00000000-0000-4000-8000-000000000000/image?size=thumb",
    width: 2752,
    height: 1536,
    output_format: "jpeg",
    cost: 0.07,
    sweep_id: null,
    created_at: at,
    updated_at: at,
    timeline: [
      { status: "Pending", at },
      { status: "Ready", at },
    ],
  },
};

export function GET() {
  return Response.json(BODY, { headers: { "Cache-Control": "no-store" } });
}
