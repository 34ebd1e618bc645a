import { FinetuneListSkeleton } from "@/components/finetunes/list-states";

export default function Loading() {
  return <FinetuneListSkeleton />;
}
