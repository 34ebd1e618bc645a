"use client";

import { useEffect, useId, useRef, useState } from "react";
import { buttonStyles } from "@/components/ui/button-styles";
import { clearMask, invertMask, maskCoverage, toCanvasPoint } from "@/lib/playground/mask";
import { bytesToBase64 } from "@/lib/playground/prepare-image";
import type { ImageInput } from "@/lib/playground/settings";
import { dataUrl } from "./image-upload";

/**
 * Paint the fill mask over the image: white repaints, black keeps. The canvas holds the mask at the
 * image's own size, so mask and image always match. Loaded lazily (next/dynamic).
 */
export function MaskPainter({
  image,
  onMask,
}: {
  image: ImageInput;
  onMask: (mask: ImageInput | null) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [brush, setBrush] = useState(() => Math.max(8, Math.round(Math.max(image.width, image.height) / 20)));
  const [erase, setErase] = useState(false);
  const [coverage, setCoverage] = useState(0);
  const brushId = useId();

  useEffect(() => {
    const ctx = canvasRef.current?.getContext("2d");
    if (!ctx) return;
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, image.width, image.height);
    setCoverage(0);
    onMask(null);
  }, [image, onMask]);

  async function publish() {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const cov = maskCoverage(ctx.getImageData(0, 0, canvas.width, canvas.height).data);
    setCoverage(cov);
    if (cov === 0) return onMask(null);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, "image/png"));
    if (!blob) return;
    const base64 = bytesToBase64(new Uint8Array(await blob.arrayBuffer()));
    const { width, height } = canvas;
    onMask({
      base64,
      mime: "image/png",
      width,
      height,
      originalWidth: width,
      originalHeight: height,
      name: "painted-mask.png",
    });
  }

  function transform(op: (d: Uint8ClampedArray) => void) {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return;
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    op(data.data);
    ctx.putImageData(data, 0, 0);
    void publish();
  }

  function point(e: React.PointerEvent<HTMLCanvasElement>) {
    const canvas = e.currentTarget;
    return toCanvasPoint({ x: e.clientX, y: e.clientY }, canvas.getBoundingClientRect(), canvas);
  }

  function stroke(to: { x: number; y: number }) {
    const ctx = canvasRef.current?.getContext("2d");
    if (!ctx) return;
    const from = last.current ?? to;
    ctx.strokeStyle = ctx.fillStyle = erase ? "#000" : "#fff";
    ctx.lineWidth = brush;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(to.x, to.y, brush / 2, 0, Math.PI * 2);
    ctx.fill();
    last.current = to;
  }

  return (
    <div className="space-y-2" data-testid="mask-painter">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor={brushId}>Brush</label>
        <input
          id={brushId}
          type="range"
          min={2}
          max={Math.max(16, Math.round(Math.max(image.width, image.height) / 4))}
          value={brush}
          onChange={(e) => setBrush(Number(e.target.value))}
          className="w-28 accent-brand-600"
          data-testid="mask-brush"
        />
        <span className="tabular-nums">{brush}px</span>
        <fieldset className="flex gap-2">
          <legend className="sr-only">Brush mode</legend>
          <label className="flex items-center gap-1">
            <input type="radio" name="mask-mode" checked={!erase} onChange={() => setErase(false)} /> Paint
          </label>
          <label className="flex items-center gap-1">
            <input
              type="radio"
              name="mask-mode"
              checked={erase}
              onChange={() => setErase(true)}
              data-testid="mask-erase"
            />{" "}
            Erase
          </label>
        </fieldset>
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={() => transform(clearMask)}
          data-testid="mask-clear"
        >
          Clear
        </button>
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={() => transform(invertMask)}
          data-testid="mask-invert"
        >
          Invert
        </button>
      </div>
      <div className="relative mx-auto w-full max-w-xl overflow-hidden rounded-md border border-zinc-300 dark:border-zinc-600">
        {/* biome-ignore lint/performance/noImgElement: a local data URL under the painting canvas */}
        <img
          src={dataUrl(image)}
          alt="The fill source, under the mask"
          className="block h-auto w-full select-none"
          draggable={false}
        />
        <canvas
          ref={canvasRef}
          width={image.width}
          height={image.height}
          data-testid="mask-canvas"
          aria-label="Mask painting area: drag to paint the part to repaint"
          role="img"
          className="absolute inset-0 h-full w-full cursor-crosshair touch-none opacity-60"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            last.current = null;
            stroke(point(e));
          }}
          onPointerMove={(e) => {
            if (e.buttons & 1) stroke(point(e));
          }}
          onPointerUp={() => {
            last.current = null;
            void publish();
          }}
        />
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="mask-coverage">
        Light areas are repainted, dark areas kept · {(coverage * 100).toFixed(1)}% will be repainted
      </p>
    </div>
  );
}
