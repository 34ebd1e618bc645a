import type { Metadata } from "next";
import { FinetuneDetails } from "@/components/finetunes/finetune-details";

export const metadata: Metadata = { title: "Finetune" };

export default async function FinetunePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <FinetuneDetails id={id} />;
}
