-- Migration 001: the chatdesk reference schema as it was before migrations existed.
--
-- Plain PostgreSQL: the reference server runs it on PGlite (PostgreSQL compiled to WebAssembly,
-- data in a local folder) or on a PostgreSQL server. Timestamps are epoch milliseconds (bigint);
-- nested values of the model (sdk/model.ts) are jsonb. Its statements are idempotent (IF NOT
-- EXISTS), so a database created by the old schema.sql takes it as already applied.

CREATE TABLE IF NOT EXISTS meta (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

-- Operators: CRM employees who answer clients (H1 roles, D4 rights).
CREATE TABLE IF NOT EXISTS operators (
  id         text PRIMARY KEY,
  position   integer NOT NULL,
  name       text NOT NULL,
  role       text NOT NULL CHECK (role IN ('administrator', 'operator')),
  rights     jsonb NOT NULL,
  avatar_url text,
  online     boolean NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS bots (
  id       text PRIMARY KEY,
  position integer NOT NULL,
  name     text NOT NULL
);

-- Messenger integrations and what each supports (M2, S6, P1, P4). `simulation` drives the
-- reference server's simulated delivery (a real backend talks to the messenger instead).
CREATE TABLE IF NOT EXISTS channels (
  id           text PRIMARY KEY,
  position     integer NOT NULL,
  kind         text NOT NULL,
  name         text NOT NULL,
  capabilities jsonb NOT NULL,
  simulation   jsonb
);

CREATE TABLE IF NOT EXISTS tags (
  id       text PRIMARY KEY,
  position integer NOT NULL,
  name     text NOT NULL,
  color    text NOT NULL
);

CREATE TABLE IF NOT EXISTS settings (
  key   text PRIMARY KEY,
  value jsonb
);

CREATE TABLE IF NOT EXISTS clients (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  avatar_url text,
  contacts   jsonb NOT NULL DEFAULT '[]',
  tags       jsonb NOT NULL DEFAULT '[]',
  source     jsonb,
  analytics  jsonb,
  blocked    boolean NOT NULL DEFAULT false,
  orders     jsonb NOT NULL DEFAULT '[]'
);

CREATE TABLE IF NOT EXISTS dialogs (
  id                   text PRIMARY KEY,
  channel_id           text NOT NULL REFERENCES channels (id),
  client_id            text REFERENCES clients (id),
  title                text NOT NULL,
  status               text NOT NULL CHECK (status IN ('open', 'closed')),
  assignee             jsonb,
  created_at           bigint NOT NULL,
  opened_at            bigint NOT NULL,
  last_activity_at     bigint NOT NULL,
  waiting_since        bigint,
  last_message         jsonb,
  client_message_count integer NOT NULL DEFAULT 0,
  last_n               integer NOT NULL DEFAULT 0,
  -- S5: the site web-chat client closed the window or left the site.
  client_left          boolean NOT NULL DEFAULT false
);

-- Messages and system events of a dialog's feed. `id` is the idempotency key of a send;
-- `n` the per-dialog order; `search_text` the text folded for search (case and accents).
CREATE TABLE IF NOT EXISTS messages (
  id          text PRIMARY KEY,
  dialog_id   text NOT NULL REFERENCES dialogs (id) ON DELETE CASCADE,
  n           integer NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('text', 'event')),
  author_kind text NOT NULL,
  author_id   text NOT NULL,
  text        text NOT NULL,
  search_text text NOT NULL,
  quote       jsonb,
  attachments jsonb NOT NULL DEFAULT '[]',
  event       jsonb,
  status      jsonb,
  created_at  bigint NOT NULL,
  UNIQUE (dialog_id, n)
);
CREATE INDEX IF NOT EXISTS messages_attachments_idx ON messages USING gin (attachments jsonb_path_ops);

-- Files uploaded by an operator for a dialog, before (and after) they are sent.
CREATE TABLE IF NOT EXISTS uploads (
  id          text PRIMARY KEY,
  operator_id text NOT NULL,
  dialog_id   text NOT NULL,
  attachment  jsonb NOT NULL,
  created_at  bigint NOT NULL
);

-- Per-operator read positions (L1, N2, H3).
CREATE TABLE IF NOT EXISTS read_states (
  operator_id       text NOT NULL,
  dialog_id         text NOT NULL REFERENCES dialogs (id) ON DELETE CASCADE,
  read_client_count integer NOT NULL,
  marked_unread     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (operator_id, dialog_id)
);

CREATE TABLE IF NOT EXISTS quick_replies (
  id         text PRIMARY KEY,
  title      text NOT NULL,
  text       text NOT NULL,
  created_by text NOT NULL,
  created_at bigint NOT NULL
);

-- Events pushed to each operator, numbered per operator. `event_heads` holds the latest
-- number even after old events are pruned (a client asking for pruned ones gets a gap).
CREATE TABLE IF NOT EXISTS event_heads (
  operator_id text PRIMARY KEY,
  seq         bigint NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
  operator_id text NOT NULL,
  seq         bigint NOT NULL,
  type        text NOT NULL,
  payload     jsonb NOT NULL,
  created_at  bigint NOT NULL,
  PRIMARY KEY (operator_id, seq)
);

-- Bearer tokens of operators, stored as SHA-256 hashes. A token stops working at `expires_at`
-- (each use late in its life moves it on); rows from before expiry existed expire at once.
CREATE TABLE IF NOT EXISTS sessions (
  token_hash  text PRIMARY KEY,
  operator_id text NOT NULL REFERENCES operators (id),
  label       text,
  created_at  bigint NOT NULL
);
ALTER TABLE sessions ADD COLUMN IF NOT EXISTS expires_at bigint NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS sessions_expires_idx ON sessions (expires_at);

-- Tokens of site web-chat visitors (the /visitor page), one dialog each.
CREATE TABLE IF NOT EXISTS visitor_sessions (
  token_hash text PRIMARY KEY,
  dialog_id  text NOT NULL REFERENCES dialogs (id) ON DELETE CASCADE,
  created_at bigint NOT NULL
);
