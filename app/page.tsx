import Link from "next/link";
import type { ReactNode } from "react";
import { FinetuneCounts } from "@/components/home/finetune-counts";
import { LatestImages } from "@/components/home/latest-images";
import { RouteHydrated } from "@/components/layout/route-hydrated";
import { publicConfig } from "@/lib/server/env";

type Step = { href: string; title: string; text: string };

/** How it works, against the simulator (which still trains) and against live BFL (which does not). */
function steps(live: boolean): Step[] {
  return [
    live
      ? {
          href: "/new",
          title: "1. Build a dataset",
          text: "Drop 1 to 20 photos, captions or a ZIP; check and caption them, then export them with a ready ai-toolkit config to train a FLUX.2 [klein] LoRA on your own GPU.",
        }
      : {
          href: "/new",
          title: "1. Build a dataset",
          text: "Drop 1 to 20 photos, captions or a ZIP. We check them against BFL's rules, shrink them to 1 MP and zip them in your browser.",
        },
    live
      ? {
          href: "/finetunes",
          title: "2. Add your LoRA",
          text: "Upload the LoRA in BFL's dashboard, then add it here by name; every finetune of your account is listed too.",
        }
      : {
          href: "/finetunes",
          title: "2. Watch it train",
          text: "Every finetune of your account with live progress, its parameters, its dataset and its timeline.",
        },
    {
      href: "/playground",
      title: "3. Try it",
      text: live
        ? "klein LoRAs on the six FLUX.2 [klein] finetuned endpoints; older finetunes on ultra and fill. A strength slider and sweeps on one seed."
        : "Each finetune on the endpoints that serve it, with a strength slider and strength sweeps on one seed.",
    },
    {
      href: "/gallery",
      title: "4. Keep every result",
      text: "BFL's links expire after 10 minutes; every image is kept on the dashboard's disk.",
    },
  ];
}

export default function HomePage() {
  const live = publicConfig().mode === "bfl";
  return (
    <div className="space-y-8">
      <RouteHydrated />
      <section className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Finetune FLUX on your own images</h1>
        <p className="max-w-2xl text-zinc-600 dark:text-zinc-400">
          Finetune Studio is a dashboard for Black Forest Labs' finetunes: prepare a dataset, train, watch
          progress and generate with your finetune, without writing a script.
        </p>
        <p className="max-w-2xl text-sm text-zinc-700 dark:text-zinc-300" data-testid="bfl-offer">
          What live BFL offers today: FLUX.2 [klein] LoRAs (trained on your own GPU, uploaded in BFL's
          dashboard) on six klein finetuned endpoints, and ultra and fill for finetunes made in the 2024-2025
          beta. Its API no longer trains.
          {live ? "" : " By default the simulator plays the 2024-2025 beta, where training still works."}
        </p>
        <Link
          href="/new"
          className="inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-semibold text-white hover:bg-brand-700"
        >
          New finetune
        </Link>
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <Panel title="Your finetunes" href="/finetunes" linkLabel="All finetunes">
          <FinetuneCounts />
        </Panel>
        <Panel title="Latest images" href="/gallery" linkLabel="Gallery">
          <LatestImages />
        </Panel>
      </div>
      <section aria-labelledby="how-it-works" className="space-y-3">
        <h2 id="how-it-works" className="text-lg font-semibold">
          How it works
        </h2>
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {steps(live).map((s) => (
            <li key={s.href}>
              <Link
                href={s.href}
                className="block h-full rounded-lg border border-zinc-200 bg-white p-4 hover:border-brand-500 dark:border-zinc-800 dark:bg-zinc-900"
              >
                <h3 className="font-semibold">{s.title}</h3>
                <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{s.text}</p>
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}

function Panel({
  title,
  href,
  linkLabel,
  children,
}: {
  title: string;
  href: string;
  linkLabel: string;
  children: ReactNode;
}) {
  return (
    <section
      aria-label={title}
      className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50 p-4 dark:border-zinc-800 dark:bg-zinc-950"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{title}</h2>
        <Link href={href} className="text-sm font-semibold text-brand-700 underline dark:text-brand-100">
          {linkLabel}
        </Link>
      </div>
      {children}
    </section>
  );
}
