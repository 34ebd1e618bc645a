import Link from "next/link";
import { AddLoraButton } from "@/components/finetunes/add-lora-button";
import { FinetuneList } from "@/components/finetunes/finetune-list";
import { NotificationToggle } from "@/components/finetunes/notification-toggle";
import { RouteHydrated } from "@/components/layout/route-hydrated";
import { buttonStyles } from "@/components/ui/button-styles";
import { loraFormFromLink } from "@/lib/finetunes/lora-form";

export const metadata = { title: "Finetunes" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (typeof v === "string" && v ? v : undefined);

export default async function FinetunesPage({ searchParams }: { searchParams: SearchParams }) {
  const sp = await searchParams;
  // "Add it here by name" from the local export links here with the LoRA's name and base model.
  const addLora = loraFormFromLink(one(sp.add_lora), one(sp.base));
  return (
    <div className="space-y-6">
      <RouteHydrated />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Finetunes</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Every finetune and FLUX.2 [klein] LoRA of your BFL account, including ones created elsewhere.
            Training ones update on their own.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <NotificationToggle />
          {/* Keyed on the link, so a second "Set its base model" opens the dialog again. */}
          <AddLoraButton key={`${one(sp.add_lora)}|${one(sp.base)}`} initial={addLora} />
          <Link href="/new" className={buttonStyles.primary}>
            New finetune
          </Link>
        </div>
      </div>
      <FinetuneList />
    </div>
  );
}
