import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { FinetuneWatcher } from "@/components/finetunes/finetune-watcher";
import { Providers } from "@/components/layout/providers";
import { SiteHeader } from "@/components/layout/site-header";
import { StorageAlert } from "@/components/layout/storage-alert";
import { Toaster } from "@/components/ui/toaster";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Finetune Studio", template: "%s · Finetune Studio" },
  description: "Train and try FLUX Pro finetunes through Black Forest Labs' API.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// The header reads the server's mode at request time.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <Providers>
          <SiteHeader />
          <StorageAlert />
          <main id="main" className="mx-auto max-w-7xl px-4 py-6">
            {children}
          </main>
          {/* Announces finished trainings on every page. */}
          <FinetuneWatcher />
          <Toaster />
        </Providers>
      </body>
    </html>
  );
}
