import type { Metadata } from "next";
import { FinetuneDetails } from "@/components/finetunes/finetune-details";
import { EvalSetPanel } from "@/components/judge/eval-set-panel";

export const metadata: Metadata = { title: "Finetune" };

export default async function FinetunePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <FinetuneDetails id={id} />
      <EvalSetPanel finetuneId={id} />
    </>
  );
}
