import { FinetuneListSkeleton } from "@/components/finetunes/list-states";

export default function Loading() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Finetunes</h1>
      <FinetuneListSkeleton />
    </div>
  );
}
