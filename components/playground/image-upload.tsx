"use client";

import { useState } from "react";
import { useDropzone } from "react-dropzone";
import { buttonStyles } from "@/components/ui/button-styles";
import type { ImageInput } from "@/lib/playground/settings";
import { prepareImageOffThread } from "@/lib/playground/worker-client";

export function dataUrl(img: Pick<ImageInput, "mime" | "base64">): string {
  return `data:${img.mime};base64,${img.base64}`;
}

/**
 * Drop or pick one image; it is decoded and shrunk (if large) in a worker. `check` may refuse it with a
 * plain-words reason (e.g. a mask of the wrong size).
 */
export function ImageUpload({
  label,
  hint,
  value,
  onChange,
  asMask = false,
  check,
  testId,
}: {
  label: string;
  hint?: string;
  value: ImageInput | null | undefined;
  onChange: (img: ImageInput | null) => void;
  asMask?: boolean;
  check?: (img: ImageInput) => string | null;
  testId: string;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    multiple: false,
    accept: { "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "image/webp": [".webp"] },
    onDrop: async (accepted, rejected) => {
      setProblem(null);
      const file = accepted[0];
      if (!file) {
        const name = rejected[0]?.file.name;
        setProblem(name ? `“${name}” is not a JPEG, PNG or WebP image.` : "Choose one image.");
        return;
      }
      setBusy(true);
      try {
        const img = await prepareImageOffThread(file, asMask);
        const refusal = check?.(img) ?? null;
        if (refusal) setProblem(refusal);
        else onChange(img);
      } catch (err) {
        setProblem(err instanceof Error ? err.message : "The image could not be read.");
      } finally {
        setBusy(false);
      }
    },
  });
  return (
    <div>
      <p className="text-sm font-medium">{label}</p>
      <div
        {...getRootProps()}
        className={`mt-1 flex cursor-pointer items-center gap-3 rounded-md border-2 border-dashed p-3 text-sm ${
          isDragActive
            ? "border-brand-500 bg-brand-50 dark:bg-zinc-800"
            : "border-zinc-300 dark:border-zinc-600"
        }`}
      >
        <input {...getInputProps()} aria-label={label} data-testid={`${testId}-input`} />
        {value ? (
          // biome-ignore lint/performance/noImgElement: a data URL preview, nothing for next/image to optimise
          <img src={dataUrl(value)} alt={`${label} preview`} className="h-16 w-16 rounded object-cover" />
        ) : null}
        <span className="text-zinc-700 dark:text-zinc-300">
          {busy
            ? "Reading image…"
            : value
              ? "Drop another image or click to replace"
              : "Drop an image here or click to choose"}
        </span>
      </div>
      {value && (
        <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400" data-testid={`${testId}-info`}>
          {value.name}: {value.width}×{value.height}
          {value.width !== value.originalWidth
            ? ` (shrunk in your browser from ${value.originalWidth}×${value.originalHeight})`
            : ""}{" "}
          <button type="button" className={`${buttonStyles.ghost} px-1 py-0`} onClick={() => onChange(null)}>
            Remove
          </button>
        </p>
      )}
      {hint && !value && <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{hint}</p>}
      {problem && (
        <p
          role="alert"
          className="mt-1 text-sm text-red-700 dark:text-red-300"
          data-testid={`${testId}-problem`}
        >
          {problem}
        </p>
      )}
    </div>
  );
}
