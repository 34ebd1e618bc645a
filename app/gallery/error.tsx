"use client";

import { PageError } from "@/components/ui/page-error";

export default function GalleryError({ reset }: { error: Error; reset: () => void }) {
  return (
    <PageError
      title="The gallery failed to show"
      reassurance="Your images are safe on the dashboard."
      reset={reset}
    />
  );
}
