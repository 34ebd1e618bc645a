import Link from "next/link";
import { FinetuneList } from "@/components/finetunes/finetune-list";
import { NotificationToggle } from "@/components/finetunes/notification-toggle";
import { buttonStyles } from "@/components/ui/button-styles";

export const metadata = { title: "Finetunes" };

export default function FinetunesPage() {
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">Finetunes</h1>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Every finetune of your BFL account, including ones created elsewhere. Training ones update on
            their own.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <NotificationToggle />
          <Link href="/new" className={buttonStyles.primary}>
            New finetune
          </Link>
        </div>
      </div>
      <FinetuneList />
    </div>
  );
}
