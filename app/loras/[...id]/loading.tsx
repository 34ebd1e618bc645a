import { FinetuneDetailsSkeleton } from "@/components/finetunes/finetune-details";

export default function Loading() {
  return <FinetuneDetailsSkeleton />;
}
