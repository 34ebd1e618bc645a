import { z } from "zod";

/**
 * BFL's API hosts (bfl-today.md "Hosts and polling"). `global` is the host BFL's own klein LoRA example
 * calls and the default; `eu`/`us` are the regional multi-cluster hosts; `eu1`/`us1` are the legacy
 * single-cluster hosts of the 2024-2025 finetuning guide (a 2026 probe saw both time out). Tasks live
 * on regional clusters: always poll the `polling_url` a submission returns.
 */
export const REGIONS = {
  global: "https://api.bfl.ai",
  eu: "https://api.eu.bfl.ai",
  us: "https://api.us.bfl.ai",
  eu1: "https://api.eu1.bfl.ai",
  us1: "https://api.us1.bfl.ai",
} as const;

export const regionSchema = z.enum(["global", "eu", "us", "eu1", "us1"]);
export type Region = z.infer<typeof regionSchema>;

export const DEFAULT_REGION: Region = "global";

/** The legacy finetune-era hosts: named in messages when they do not answer. */
export const LEGACY_REGIONS: ReadonlySet<Region> = new Set(["eu1", "us1"]);

export const REGION_LABEL: Record<Region, string> = {
  global: "global (api.bfl.ai)",
  eu: "EU (api.eu.bfl.ai)",
  us: "US (api.us.bfl.ai)",
  eu1: "legacy EU cluster (api.eu1.bfl.ai)",
  us1: "legacy US cluster (api.us1.bfl.ai)",
};

/**
 * May a finetune trained through one host be used through another? BFL runs a finetune only in its
 * own region: the EU hosts (eu, eu1) and the US hosts (us, us1) do not share finetunes; the global
 * host routes anywhere, so it is not refused here (BFL answers "not found" if it cannot serve it).
 */
export function regionsCompatible(a: Region, b: Region): boolean {
  if (a === b || a === "global" || b === "global") return true;
  return a.slice(0, 2) === b.slice(0, 2);
}

/**
 * Hosts that serve BFL's signed result links (`result.sample`). BFL says to allow-list
 * `delivery.*.bfl.ai`; older links came from `delivery-<region>.bfl.ai` and Azure blob storage.
 */
export function isBflDeliveryHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    /^delivery[.-][a-z0-9-]+\.bfl\.ai$/.test(host) ||
    /^delivery\.[a-z0-9-]+\.bfl\.ai$/.test(host) ||
    host === "bflapistorage.blob.core.windows.net"
  );
}
