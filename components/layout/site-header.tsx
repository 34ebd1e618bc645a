import Link from "next/link";
import { publicConfig } from "@/lib/server/env";
import { CreditBalance } from "./credit-balance";
import { LogoutButton } from "./logout-button";
import { ModeBadge } from "./mode-badge";
import { NavLinks } from "./nav-links";

export function SiteHeader() {
  const { mode, region, authEnabled } = publicConfig();
  return (
    <header className="z-30 md:sticky md:top-0 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <nav
        aria-label="Main"
        className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3"
      >
        <div className="flex flex-wrap items-center gap-4">
          <Link href="/" className="text-base font-bold tracking-tight">
            Finetune Studio
          </Link>
          <NavLinks />
        </div>
        <div className="flex items-center gap-2">
          <CreditBalance />
          <ModeBadge mode={mode} region={region} />
          {authEnabled && <LogoutButton />}
        </div>
      </nav>
    </header>
  );
}
