import { z } from "zod";

/**
 * What the dashboard's env (lib/server/env.ts) and the simulator's (lib/simulator/config.ts) share:
 * one rule for empty values and one definition of the simulator's address, which both read.
 */

/**
 * The environment without its empty variables: `FOO=` (or only spaces) in an env file means "use the
 * default", as if FOO were not set at all. Both parsers apply it before their schema.
 */
export function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== "") out[name] = value;
  }
  return out;
}

export const portSchema = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** Where the simulator listens, and the key it accepts: the dashboard calls it there with that key. */
export const simulatorAddressEnv = {
  SIMULATOR_PORT: portSchema(4010),
  SIMULATOR_HOST: z.string().min(1).default("127.0.0.1"),
  SIMULATOR_API_KEY: z.string().min(1).default("simulator-key"),
};
