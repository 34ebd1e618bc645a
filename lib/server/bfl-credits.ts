import "server-only";
import { creditsResponseSchema } from "@/lib/bfl/credits";
import { bflCall } from "./bfl-transport";

/** The account's balance from `GET /v1/credits` (a read: retried like the others). */
export async function getCredits(): Promise<number> {
  const res = await bflCall({
    method: "GET",
    path: "/v1/credits",
    schema: creditsResponseSchema,
    kind: "read",
  });
  return res.credits;
}
