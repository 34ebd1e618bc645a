"use client";

import { useDropzone } from "react-dropzone";

/** Drop or pick images, .txt captions and ZIPs. Every file is judged by the studio, so nothing is filtered here. */
export function DropZone({ onFiles, compact }: { onFiles: (files: File[]) => void; compact: boolean }) {
  const { getRootProps, getInputProps, isDragActive } = useDropzone({
    onDrop: (accepted, rejected) => onFiles([...accepted, ...rejected.map((r) => r.file)]),
    multiple: true,
  });
  return (
    <div
      {...getRootProps({
        "aria-label": "Add images, captions or ZIP files",
        className: `flex cursor-pointer flex-col items-center justify-center gap-1 rounded-xl border-2 border-dashed text-center transition-colors ${
          compact ? "px-4 py-4" : "px-6 py-12"
        } ${
          isDragActive
            ? "border-brand-500 bg-brand-50 dark:bg-brand-700/20"
            : "border-zinc-300 bg-white hover:border-brand-500 dark:border-zinc-700 dark:bg-zinc-900"
        }`,
      })}
      data-testid="dropzone"
    >
      <input {...getInputProps()} data-testid="dataset-input" />
      <p className="font-semibold">{isDragActive ? "Drop to add" : "Drop photos, captions or a ZIP here"}</p>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        or click to choose · JPG, PNG, WebP, .txt captions named like their image, .zip · 1 to 20 images
      </p>
    </div>
  );
}
