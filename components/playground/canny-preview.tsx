"use client";

import { useEffect, useRef, useState } from "react";
import { edgeFraction, edgesToRgba, rgbaToGray } from "@/lib/playground/canny";
import type { ImageInput } from "@/lib/playground/settings";
import { cannyOffThread } from "@/lib/playground/worker-client";
import { dataUrl } from "./image-upload";

const PREVIEW_SIDE = 384;

/** Live edge map of the control image as the two thresholds move (computed in the image worker). */
export function CannyPreview({ image, low, high }: { image: ImageInput; low: number; high: number }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [gray, setGray] = useState<{ data: Uint8Array; width: number; height: number } | null>(null);
  const [fraction, setFraction] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    const el = new Image();
    el.onload = () => {
      if (cancelled) return;
      const scale = Math.min(1, PREVIEW_SIDE / Math.max(el.naturalWidth, el.naturalHeight));
      const width = Math.max(1, Math.round(el.naturalWidth * scale));
      const height = Math.max(1, Math.round(el.naturalHeight * scale));
      const c = document.createElement("canvas");
      c.width = width;
      c.height = height;
      const ctx = c.getContext("2d");
      if (!ctx) return;
      ctx.drawImage(el, 0, 0, width, height);
      setGray({ data: rgbaToGray(ctx.getImageData(0, 0, width, height).data, width, height), width, height });
    };
    el.src = dataUrl(image);
    return () => {
      cancelled = true;
    };
  }, [image]);

  useEffect(() => {
    if (!gray) return;
    let stale = false;
    // The preview works at a smaller scale than BFL; thresholds apply to the same gradient units.
    cannyOffThread(gray.data, gray.width, gray.height, low, high).then((edges) => {
      if (stale) return;
      const canvas = canvasRef.current;
      const ctx = canvas?.getContext("2d");
      if (!canvas || !ctx) return;
      canvas.width = gray.width;
      canvas.height = gray.height;
      ctx.putImageData(new ImageData(edgesToRgba(edges), gray.width, gray.height), 0, 0);
      setFraction(edgeFraction(edges));
    });
    return () => {
      stale = true;
    };
  }, [gray, low, high]);

  return (
    <figure className="rounded-md border border-zinc-300 p-2 dark:border-zinc-600">
      <canvas
        ref={canvasRef}
        data-testid="canny-preview"
        data-edge-fraction={fraction?.toFixed(4) ?? ""}
        role="img"
        aria-label={`Edge map preview at thresholds ${low} and ${high}`}
        className="mx-auto max-h-64 w-auto max-w-full bg-black"
      />
      <figcaption className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">
        Edge preview (low {low}, high {high})
        {fraction !== null ? ` · ${(fraction * 100).toFixed(1)}% of pixels are edges` : " · computing…"}. BFL
        computes its own edge map with these thresholds.
      </figcaption>
    </figure>
  );
}
