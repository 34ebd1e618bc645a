import { z } from "zod";

/** `GET /v1/credits`: the account's balance (1 credit = $0.01). */
export const creditsResponseSchema = z.object({ credits: z.number() });
export type CreditsResponse = z.infer<typeof creditsResponseSchema>;
