import type { Metadata } from "next";
import { LoraDetails } from "@/components/finetunes/lora-details";
import { EvalSetPanel } from "@/components/judge/eval-set-panel";
import { RouteHydrated } from "@/components/layout/route-hydrated";

export const metadata: Metadata = { title: "LoRA" };

/** `/loras/my-lora` or `/loras/org-id/name`: a klein LoRA's card, eval set and contact sheet. */
export default async function LoraPage({ params }: { params: Promise<{ id: string[] }> }) {
  const { id } = await params;
  const loraId = id.map((s) => decodeURIComponent(s)).join("/");
  return (
    <>
      <RouteHydrated />
      <LoraDetails id={loraId} />
      <EvalSetPanel finetuneId={loraId} kind="lora" />
    </>
  );
}
