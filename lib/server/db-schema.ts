import "server-only";
import type { ColumnType, Generated, Kysely, Selectable } from "kysely";
import type { GenerationStatus } from "@/lib/api/types";
import type { InferenceEndpoint, KleinBaseModel, KleinPrecision } from "@/lib/bfl";
import type { EvalSetInput } from "@/lib/judge/eval-set";

/**
 * The schema the migrations (migrations.ts) build, as Kysely table types: every query is typed from
 * here, and the repos' row types are `Selectable<…>` of these, not hand-kept copies. Booleans are
 * stored as 0/1 integers and JSON as text on both SQLite and Postgres.
 */

/** Stored finetune statuses: the API ones plus `Submitting` (sent to BFL, answer not yet received). */
export type FinetuneRowStatus = "Queued" | "Submitting" | "Pending" | "Ready" | "Error";
/** Stored generation statuses: the API ones plus `Submitting`. */
export type GenerationRowStatus = GenerationStatus | "Submitting";

/** An autoincrement key (`seq`, `id`): chosen by the database, never written. */
type Serial = ColumnType<number, never, never>;
/** A column with a default: optional on insert. */
type Defaulted<T> = Generated<T>;

export interface FinetunesTable {
  seq: Serial;
  id: string;
  bfl_id: string | null;
  finetune_comment: string;
  trigger_word: string;
  mode: string;
  finetune_type: string;
  lora_rank: number | null;
  iterations: number | null;
  learning_rate: number | null;
  priority: string | null;
  captioning: number | null;
  region: string;
  status: FinetuneRowStatus;
  progress: number | null;
  error_code: string | null;
  error_message: string | null;
  dataset_file: string | null;
  dataset_bytes: number | null;
  image_count: number | null;
  source: Defaulted<string>;
  not_before: number | null;
  attempts: Defaulted<number>;
  /** Where BFL said to poll the training task (migration 2); null: get_result on the base host. */
  polling_url: string | null;
  /** When the polling host first answered 404 for the training task (ms; migration 2). */
  not_found_since: number | null;
  created_at: string;
  updated_at: string;
}

interface EventsTable {
  id: Serial;
  status: string;
  detail: string | null;
  at: string;
}

export interface FinetuneEventsTable extends EventsTable {
  finetune_id: string;
}

export interface GenerationEventsTable extends EventsTable {
  generation_id: string;
}

export interface DatasetImagesTable {
  finetune_id: string;
  idx: number;
  name: string;
  caption: string | null;
  width: number;
  height: number;
  format: string;
  file: string;
  thumb_file: string;
}

export interface GenerationsTable {
  seq: Serial;
  id: string;
  finetune_id: string;
  bfl_finetune_id: string;
  finetune_comment: string | null;
  finetune_deleted: Defaulted<number>;
  endpoint: InferenceEndpoint;
  finetune_strength: number;
  prompt: string;
  seed: number | null;
  /** JSON text. */
  params: string;
  /** JSON text: input image names. */
  inputs: string;
  status: GenerationRowStatus;
  bfl_status: string | null;
  error_code: string | null;
  error_message: string | null;
  cost: number | null;
  /** "bfl" or "price_table" (migration 15); null on rows from before it. */
  cost_source: "bfl" | "price_table" | null;
  image_file: string | null;
  thumb_file: string | null;
  content_type: string | null;
  width: number | null;
  height: number | null;
  output_format: string | null;
  sweep_id: string | null;
  bfl_task_id: string | null;
  polling_url: string | null;
  not_before: number | null;
  attempts: Defaulted<number>;
  /** When the polling host first answered 404 for this task (ms; migration 2); null otherwise. */
  not_found_since: number | null;
  created_at: string;
  updated_at: string;
}

export interface GenerationFavouritesTable {
  generation_id: string;
  at: string;
}

export interface LorasTable {
  seq: Serial;
  id: string;
  base_model: KleinBaseModel;
  precision: KleinPrecision;
  trigger_phrase: string | null;
  created_at: string;
}

export interface RetiredCallsTable {
  method: string;
  path: string;
  learned_at: string;
}

export interface PromptsTable {
  seq: Serial;
  id: string;
  /** NULL: a global prompt. */
  finetune_id: string | null;
  title: string;
  text: string;
  created_at: string;
  updated_at: string;
}

export interface EvalSetsTable {
  finetune_id: string;
  enabled: Defaulted<number>;
  endpoint: EvalSetInput["endpoint"];
  /** JSON text: string[]. */
  prompts: string;
  /** JSON text: number[]. */
  strengths: string;
  seed: number;
  last_run_id: string | null;
  last_run_at: string | null;
  updated_at: string;
}

export interface NotifyOutboxTable {
  id: Serial;
  event_id: string;
  event_key: string;
  type: string;
  /** JSON text of the notification. */
  body: string;
  state: Defaulted<"pending" | "delivered" | "failed">;
  attempts: Defaulted<number>;
  next_attempt_at: number;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface BflWebhookSecretsTable {
  task_id: string;
  secret: string;
  created_at: string;
}

/** Who follows or submits a task, until when (several instances on one database; migration 18). */
export interface TaskLeasesTable {
  /** `<kind prefix>:<id>`, e.g. `g:<generation id>`. */
  task_key: string;
  owner: string;
  /** Milliseconds since the epoch. */
  lease_until: number;
}

/** Failed logins, shared by every instance (migration 19). */
export interface LoginFailuresTable {
  key: string;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

export interface Database {
  finetunes: FinetunesTable;
  finetune_events: FinetuneEventsTable;
  dataset_images: DatasetImagesTable;
  generations: GenerationsTable;
  generation_events: GenerationEventsTable;
  generation_favourites: GenerationFavouritesTable;
  loras: LorasTable;
  retired_calls: RetiredCallsTable;
  prompts: PromptsTable;
  eval_sets: EvalSetsTable;
  notify_outbox: NotifyOutboxTable;
  bfl_webhook_secrets: BflWebhookSecretsTable;
  task_leases: TaskLeasesTable;
  login_failures: LoginFailuresTable;
  schema_migrations: SchemaMigrationsTable;
}

/** The typed database (or a transaction on it). */
export type Db = Kysely<Database>;
export type Dialect = "sqlite" | "postgres";

export type FinetuneRow = Selectable<FinetunesTable>;
export type GenerationRow = Selectable<GenerationsTable>;
export type LoraRow = Selectable<LorasTable>;
export type OutboxRow = Selectable<NotifyOutboxTable>;
export type EvalSetRow = Selectable<EvalSetsTable>;
export type DatasetImageRow = Selectable<DatasetImagesTable>;
