import type { Metadata } from "next";
import { FinetuneDetails } from "@/components/finetunes/finetune-details";
import { EvalSetPanel } from "@/components/judge/eval-set-panel";
import { RouteHydrated } from "@/components/layout/route-hydrated";

export const metadata: Metadata = { title: "Finetune" };

export default async function FinetunePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <RouteHydrated />
      <FinetuneDetails id={id} />
      <EvalSetPanel finetuneId={id} />
    </>
  );
}
