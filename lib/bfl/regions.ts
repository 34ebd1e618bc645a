import { z } from "zod";

/** BFL's legacy single-cluster hosts: the ones the finetuning guide requires (bfl-api.md §5). */
export const REGIONS = {
  us1: "https://api.us1.bfl.ai",
  eu1: "https://api.eu1.bfl.ai",
} as const;

export const regionSchema = z.enum(["us1", "eu1"]);
export type Region = z.infer<typeof regionSchema>;

export const DEFAULT_REGION: Region = "us1";

export function regionBaseUrl(region: Region): string {
  return REGIONS[region];
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
