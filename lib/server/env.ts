import "server-only";
import { z } from "zod";
import { formatIssues } from "@/lib/bfl/errors";
import { DEFAULT_REGION, REGIONS, regionSchema } from "@/lib/bfl/regions";
import { portSchema, simulatorAddressEnv, withoutEmpty } from "@/lib/env/shared";

/**
 * The dashboard's whole configuration, parsed once. The only module that reads process.env for the
 * server; the BFL key never leaves `lib/server`. An empty variable counts as unset (lib/env/shared.ts).
 */
const optionalHttpUrl = (name: string, example: string) =>
  z.url({ protocol: /^https?$/, message: `${name} must be an http(s) URL, e.g. ${example}` }).optional();

const envSchema = z.object({
  BFL_API_KEY: z.string().trim().optional(),
  /** Which BFL host: global (default), eu, us, or the legacy finetune-era clusters eu1, us1. */
  BFL_REGION: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    regionSchema.default(DEFAULT_REGION),
  ),
  BFL_API_URL: z
    .url({ message: "BFL_API_URL must be an http(s) URL, e.g. http://127.0.0.1:4010" })
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  /** Postgres instead of the embedded SQLite file: postgres://user:password@host:5432/database. */
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .refine((v) => v === undefined || /^postgres(ql)?:\/\/./.test(v), {
      message: "DATABASE_URL must be a Postgres URL, e.g. postgres://studio:secret@db.internal:5432/studio",
    }),
  /** Keep images and datasets in this S3-compatible bucket instead of DATA_DIR (docs: README, Object storage). */
  S3_BUCKET: z.string().trim().optional(),
  /** The AWS SDK's own variable: an S3-compatible service's address (MinIO, Garage, R2, s3rver...). */
  AWS_ENDPOINT_URL_S3: optionalHttpUrl("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9000"),
  AWS_REGION: z.string().trim().optional(),
  /** Path-style addressing (`endpoint/bucket/key`); on by default when AWS_ENDPOINT_URL_S3 is set. */
  S3_FORCE_PATH_STYLE: z
    .enum(["true", "false", "1", "0"], { message: "S3_FORCE_PATH_STYLE must be true or false" })
    .optional()
    .transform((v) => (v === "true" || v === "1" ? true : v === "false" || v === "0" ? false : undefined)),
  PORT: portSchema(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DASHBOARD_PASSWORD: z.string().optional(),
  /** Key for signing session cookies; when absent, a random one is generated and kept in DATA_DIR. */
  SESSION_SECRET: z.string().optional(),
  /** Host names (besides loopback and IP addresses) the dashboard answers to: a reverse proxy's public name. */
  ALLOWED_HOSTS: z.string().default(""),
  /** Addresses of reverse proxies whose X-Forwarded-For is believed (login limits); none by default. */
  TRUST_PROXY: z.string().default(""),
  /** Simulator mode without BFL_API_URL: where the simulator listens. */
  ...simulatorAddressEnv,
  /** Timeout of one BFL call (tests lower it to exercise hangs quickly). */
  BFL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /**
   * Time allowed to open a connection to BFL, separate from the answer timeout: a host that accepts
   * no connection is diagnosed in seconds.
   */
  BFL_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(4_000),
  /** A task the polling host keeps answering 404 for is given up after this long. */
  BFL_NOT_FOUND_GIVE_UP_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(180_000),
  /** Unfinished BFL tasks the dashboard keeps in flight (BFL's account limit is 24). */
  BFL_MAX_ACTIVE_TASKS: z.coerce.number().int().min(1).max(24).default(24),
  /**
   * How long the list of finetunes at BFL is cached: many tabs polling cost one BFL call per this
   * long. 0 asks BFL on every request (tests set it to see upstream changes without waiting).
   */
  BFL_LIST_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /** Outbound notifications (Slack, Discord or any JSON receiver) when a finetune or long job ends. */
  NOTIFY_WEBHOOK_URL: optionalHttpUrl("NOTIFY_WEBHOOK_URL", "https://hooks.slack.com/services/..."),
  NOTIFY_WEBHOOK_SECRET: z.string().optional(),
  /** The dashboard's address as BFL can reach it; enables inbound BFL webhooks. */
  PUBLIC_URL: optionalHttpUrl("PUBLIC_URL", "https://studio.example.com"),
});

export type ServerConfig = {
  mode: "simulator" | "bfl";
  region: z.infer<typeof regionSchema>;
  /** Base URL (no trailing slash) of BFL or the simulator. */
  bflBaseUrl: string;
  apiKey: string;
  dataDir: string;
  /** Postgres connection URL; undefined: SQLite in DATA_DIR. */
  databaseUrl: string | undefined;
  /** Object storage for images and datasets; undefined = files under DATA_DIR. */
  s3: { bucket: string; endpoint: string | undefined; region: string; forcePathStyle: boolean } | undefined;
  port: number;
  host: string;
  dashboardPassword: string | undefined;
  sessionSecret: string | undefined;
  /** Lower-case host names from ALLOWED_HOSTS and PUBLIC_URL's host (no port). */
  allowedHosts: string[];
  /** Normalised addresses from TRUST_PROXY. */
  trustedProxies: string[];
  /** True when BFL_API_URL was set: its origin is then trusted for result downloads too. */
  customBaseUrl: boolean;
  bflTimeoutMs: number;
  bflConnectTimeoutMs: number;
  notFoundGiveUpMs: number;
  maxActiveTasks: number;
  /** BFL_LIST_TTL_MS: how long the BFL finetune list is cached. */
  listTtlMs: number;
  /** Where finetune/job notifications are POSTed; undefined = off. */
  notifyWebhookUrl: string | undefined;
  /** Signs notifications (HMAC-SHA256) when set. */
  notifyWebhookSecret: string | undefined;
  /** Public base URL (no trailing slash); when set, BFL is asked to call back on task completion. */
  publicUrl: string | undefined;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function parseConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = formatIssues(parsed.error.issues).map((l) => `  ${l}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const simulator = !e.BFL_API_KEY;
  const base =
    e.BFL_API_URL ?? (simulator ? `http://${e.SIMULATOR_HOST}:${e.SIMULATOR_PORT}` : REGIONS[e.BFL_REGION]);
  return {
    mode: simulator ? "simulator" : "bfl",
    region: e.BFL_REGION,
    bflBaseUrl: base.replace(/\/+$/, ""),
    apiKey: e.BFL_API_KEY ?? e.SIMULATOR_API_KEY,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    s3: e.S3_BUCKET
      ? {
          bucket: e.S3_BUCKET,
          endpoint: e.AWS_ENDPOINT_URL_S3?.replace(/\/+$/, ""),
          // S3-compatible services ignore the region but the SDK signs with one.
          region: e.AWS_REGION ?? "us-east-1",
          forcePathStyle: e.S3_FORCE_PATH_STYLE ?? e.AWS_ENDPOINT_URL_S3 !== undefined,
        }
      : undefined,
    port: e.PORT,
    host: e.HOST,
    dashboardPassword: e.DASHBOARD_PASSWORD,
    sessionSecret: e.SESSION_SECRET,
    // PUBLIC_URL names this dashboard, so its host is served without also listing it in ALLOWED_HOSTS.
    allowedHosts: [
      ...splitList(e.ALLOWED_HOSTS).map((h) => h.toLowerCase()),
      ...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).hostname.toLowerCase()] : []),
    ],
    trustedProxies: splitList(e.TRUST_PROXY),
    customBaseUrl: e.BFL_API_URL !== undefined || simulator,
    bflTimeoutMs: e.BFL_TIMEOUT_MS,
    bflConnectTimeoutMs: e.BFL_CONNECT_TIMEOUT_MS,
    notFoundGiveUpMs: e.BFL_NOT_FOUND_GIVE_UP_MS,
    maxActiveTasks: e.BFL_MAX_ACTIVE_TASKS,
    listTtlMs: e.BFL_LIST_TTL_MS,
    notifyWebhookUrl: e.NOTIFY_WEBHOOK_URL,
    notifyWebhookSecret: e.NOTIFY_WEBHOOK_SECRET,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
  };
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
}

let cached: ServerConfig | undefined;

export function getConfig(): ServerConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

/** What the browser may know about the configuration (never the key or the URL). */
export function publicConfig() {
  const c = getConfig();
  return { mode: c.mode, region: c.region, authEnabled: c.dashboardPassword !== undefined };
}
