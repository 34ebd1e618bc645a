import "server-only";

/**
 * Versioned schema changes, applied in order at start inside one transaction each. Append only: never
 * edit a migration that has shipped; add the next version instead.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "initial",
    sql: `
CREATE TABLE finetunes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  bfl_id TEXT UNIQUE,
  finetune_comment TEXT NOT NULL,
  trigger_word TEXT NOT NULL,
  mode TEXT NOT NULL,
  finetune_type TEXT NOT NULL,
  lora_rank INTEGER,
  iterations INTEGER,
  learning_rate REAL,
  priority TEXT,
  captioning INTEGER,
  region TEXT NOT NULL,
  status TEXT NOT NULL,
  progress REAL,
  error_code TEXT,
  error_message TEXT,
  dataset_file TEXT,
  dataset_bytes INTEGER,
  image_count INTEGER,
  source TEXT NOT NULL DEFAULT 'dashboard',
  not_before INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX finetunes_status ON finetunes(status);

CREATE TABLE finetune_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  finetune_id TEXT NOT NULL REFERENCES finetunes(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  detail TEXT,
  at TEXT NOT NULL
);
CREATE INDEX finetune_events_ft ON finetune_events(finetune_id, id);

CREATE TABLE dataset_images (
  finetune_id TEXT NOT NULL REFERENCES finetunes(id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  name TEXT NOT NULL,
  caption TEXT,
  width INTEGER,
  height INTEGER,
  format TEXT NOT NULL,
  file TEXT NOT NULL,
  thumb_file TEXT NOT NULL,
  PRIMARY KEY (finetune_id, idx)
);

CREATE TABLE generations (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  finetune_id TEXT NOT NULL,
  bfl_finetune_id TEXT NOT NULL,
  finetune_comment TEXT,
  finetune_deleted INTEGER NOT NULL DEFAULT 0,
  endpoint TEXT NOT NULL,
  finetune_strength REAL NOT NULL,
  prompt TEXT NOT NULL,
  seed INTEGER,
  params TEXT NOT NULL,
  inputs TEXT NOT NULL,
  status TEXT NOT NULL,
  bfl_status TEXT,
  error_code TEXT,
  error_message TEXT,
  cost REAL,
  image_file TEXT,
  thumb_file TEXT,
  content_type TEXT,
  width INTEGER,
  height INTEGER,
  output_format TEXT,
  sweep_id TEXT,
  bfl_task_id TEXT,
  polling_url TEXT,
  not_before INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX generations_status ON generations(status);
CREATE INDEX generations_ft ON generations(finetune_id, seq);
CREATE INDEX generations_endpoint ON generations(endpoint, seq);

CREATE TABLE generation_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  generation_id TEXT NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  detail TEXT,
  at TEXT NOT NULL
);
CREATE INDEX generation_events_gen ON generation_events(generation_id, id);
`,
  },
  {
    version: 2,
    name: "bfl-today",
    sql: `
CREATE TABLE loras (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  base_model TEXT NOT NULL,
  precision TEXT NOT NULL,
  trigger_phrase TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE retired_calls (
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  learned_at TEXT NOT NULL,
  PRIMARY KEY (method, path)
);

ALTER TABLE generations ADD COLUMN not_found_since INTEGER;
ALTER TABLE finetunes ADD COLUMN polling_url TEXT;
ALTER TABLE finetunes ADD COLUMN not_found_since INTEGER;
`,
  },
  {
    // Its own table, so it applies in any order with version 2 (the runner applies every missing version).
    version: 3,
    name: "favourites",
    sql: `
CREATE TABLE generation_favourites (
  generation_id TEXT PRIMARY KEY REFERENCES generations(id) ON DELETE CASCADE,
  at TEXT NOT NULL
);
`,
  },
  {
    // Prompt library (issue 14). `finetune_id` NULL: a global prompt. No foreign key: finetunes found at
    // BFL are not rows here, and a prompt outlives the finetune it was written for.
    version: 14,
    name: "prompt library",
    sql: `
CREATE TABLE prompts (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  finetune_id TEXT,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX prompts_ft ON prompts(finetune_id, seq);
`,
  },
  {
    // Spend ledger (issue 14): where a generation's `cost` came from. "bfl": BFL's own answer (submit or
    // Ready); "price_table": lib/bfl/pricing.ts because BFL said nothing. NULL on older rows: an estimate.
    version: 15,
    name: "generation cost source",
    sql: "ALTER TABLE generations ADD COLUMN cost_source TEXT;",
  },
  {
    // Eval sets (issue 14): per finetune, a few prompts run automatically when it becomes Ready if
    // `enabled`. `last_run_id` is the comparison (sweep) id of the run; set once, so a run happens once.
    version: 16,
    name: "eval sets",
    sql: `
CREATE TABLE eval_sets (
  finetune_id TEXT PRIMARY KEY,
  enabled INTEGER NOT NULL DEFAULT 0,
  endpoint TEXT NOT NULL,
  prompts TEXT NOT NULL,
  strengths TEXT NOT NULL,
  seed INTEGER NOT NULL,
  last_run_id TEXT,
  last_run_at TEXT,
  updated_at TEXT NOT NULL
);
`,
  },
  {
    // Own tables only, so it applies in any order with the versions other features add.
    version: 17,
    name: "notify-outbox",
    sql: `
CREATE TABLE notify_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  event_key TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX notify_outbox_due ON notify_outbox(state, next_attempt_at);

CREATE TABLE bfl_webhook_secrets (
  task_id TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`,
  },
  {
    // Several instances on one database (issue 15): who polls or submits a task, until when. An instance
    // renews its leases while alive; a lease past `lease_until` may be taken by any instance. Own table.
    version: 18,
    name: "task leases",
    sql: `
CREATE TABLE task_leases (
  task_key TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  lease_until BIGINT NOT NULL
);
CREATE INDEX task_leases_owner ON task_leases(owner);
`,
  },
  {
    // The login's failed attempts (issue 15): shared, so N instances behind one address do not allow N
    // times the guesses. Rows older than the limiter's window are deleted as new ones arrive. Own table.
    version: 19,
    name: "login failures",
    sql: `
CREATE TABLE login_failures (
  key TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE INDEX login_failures_at ON login_failures(at);
`,
  },
];
