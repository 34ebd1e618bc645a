import { PromptLibrary } from "@/components/judge/prompt-library";
import { RouteHydrated } from "@/components/layout/route-hydrated";

export const metadata = { title: "Prompts" };

export default function Page() {
  return (
    <>
      <RouteHydrated />
      <h1 className="text-2xl font-bold">Prompt library</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Prompts saved for one finetune or for all of them. Write <code>[trigger]</code> where the finetune's
        trigger word belongs: the playground fills in the trigger of whichever finetune you pick.
      </p>
      <PromptLibrary />
    </>
  );
}
