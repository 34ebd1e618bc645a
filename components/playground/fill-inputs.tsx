"use client";

import dynamic from "next/dynamic";
import { useCallback, useState } from "react";
import { maskSizeProblem } from "@/lib/playground/mask";
import type { ImageInput, ImageInputs } from "@/lib/playground/settings";
import { ImageUpload } from "./image-upload";

// The painter (canvas code) is only needed once someone uses fill: keep it out of the first load.
const MaskPainter = dynamic(() => import("./mask-painter").then((m) => m.MaskPainter), {
  ssr: false,
  loading: () => <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading the mask painter…</p>,
});

export function FillInputs({
  images,
  setImage,
}: {
  images: ImageInputs;
  setImage: (field: "image" | "mask", img: ImageInput | null) => void;
}) {
  const [source, setSource] = useState<"paint" | "upload">("paint");
  const image = images.image;
  const onMask = useCallback((m: ImageInput | null) => setImage("mask", m), [setImage]);
  return (
    <div className="space-y-3">
      <ImageUpload
        label="Image to fill"
        hint="Large images are shrunk in your browser before upload."
        value={image}
        onChange={(img) => {
          setImage("image", img);
          setImage("mask", null);
        }}
        testId="fill-image"
      />
      {image && (
        <fieldset>
          <legend className="text-sm font-medium">Mask (white = repaint, black = keep)</legend>
          <div className="mt-1 flex gap-4 text-sm">
            <label className="flex items-center gap-1">
              <input
                type="radio"
                name="mask-source"
                checked={source === "paint"}
                onChange={() => setSource("paint")}
              />
              Paint it
            </label>
            <label className="flex items-center gap-1">
              <input
                type="radio"
                name="mask-source"
                checked={source === "upload"}
                onChange={() => {
                  setSource("upload");
                  setImage("mask", null);
                }}
                data-testid="mask-source-upload"
              />
              Upload a mask
            </label>
          </div>
          <div className="mt-2">
            {source === "paint" ? (
              <MaskPainter image={image} onMask={onMask} />
            ) : (
              <ImageUpload
                label="Mask image"
                hint={`Must be ${image.originalWidth}×${image.originalHeight} pixels, like the image.`}
                value={images.mask}
                onChange={onMask}
                asMask
                check={(m) =>
                  maskSizeProblem(
                    { width: image.originalWidth, height: image.originalHeight },
                    { width: m.originalWidth, height: m.originalHeight },
                  )
                }
                testId="mask-upload"
              />
            )}
          </div>
        </fieldset>
      )}
    </div>
  );
}
