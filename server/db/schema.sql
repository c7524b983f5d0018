-- chatdesk reference schema.
--
-- Plain PostgreSQL: the reference server runs it on PGlite (PostgreSQL compiled to WebAssembly,
-- data in a local folder); the same statements run on a PostgreSQL server. Timestamps are epoch
-- milliseconds (bigint); nested values of the model (sdk/model.ts) are jsonb.
-- Every statement is idempotent, so the file is applied at every start.

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

-- ---------------------------------------------------------------------------------------------
-- Lists at scale (issue 13, docs/lists-at-scale.md): sort indexes, folded search text, and the
-- aggregates that answer a list's counts without a scan. For issue 14's migrations: everything
-- below is idempotent and belongs in one migration. A bulk loader that bypasses the triggers
-- (COPY with session_replication_role = replica) calls SELECT chatdesk_rebuild_counts() after.
-- ---------------------------------------------------------------------------------------------

-- L6: text folded as sdk/rules/text.ts foldText does (written by the storage, in JS).
ALTER TABLE dialogs ADD COLUMN IF NOT EXISTS search_title text;
ALTER TABLE clients ADD COLUMN IF NOT EXISTS search_name text;

-- Keyset pages in the order of sortKey (sdk/rules/query.ts): F3 by last activity, newest first;
-- F2 the waiting open dialogs first, longest wait on top, then the rest by activity. Ids compare
-- byte-wise (COLLATE "C"), as the SDK compares them.
CREATE INDEX IF NOT EXISTS dialogs_activity_idx ON dialogs (last_activity_at DESC, id COLLATE "C");
CREATE INDEX IF NOT EXISTS dialogs_status_activity_idx ON dialogs (status, last_activity_at DESC, id COLLATE "C");
CREATE INDEX IF NOT EXISTS dialogs_waiting_idx ON dialogs (waiting_since, id COLLATE "C") WHERE status = 'open' AND waiting_since IS NOT NULL;
CREATE INDEX IF NOT EXISTS dialogs_client_idx ON dialogs (client_id);
CREATE INDEX IF NOT EXISTS read_states_dialog_idx ON read_states (dialog_id);

-- How many dialogs share each combination of what a query filters on (F5, F6, T3-T8, H1 through
-- the assignee). A list's total and its tag counts (T7) are sums over the facets the query accepts.
CREATE TABLE IF NOT EXISTS dialog_facets (
  status        text NOT NULL,
  channel_id    text NOT NULL,
  assignee_kind text NOT NULL,    -- '' (nobody), 'operator', 'bot'
  assignee_id   text NOT NULL,    -- '' when nobody
  author_kind   text NOT NULL,    -- the last message's author kind, '' without a message
  waiting       boolean NOT NULL, -- waiting_since IS NOT NULL
  tags          jsonb NOT NULL,   -- the client's tags, chatdesk_tag_key(); [] without a client
  n             integer NOT NULL,
  PRIMARY KEY (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tags)
);

-- N2 per operator: the dialogs they see that are unread for them.
CREATE TABLE IF NOT EXISTS operator_counts (
  operator_id    text PRIMARY KEY,
  unread_dialogs integer NOT NULL
);

-- A client's tags in one canonical form: [{"tagId", "pinned"}] by tag id.
CREATE OR REPLACE FUNCTION chatdesk_tag_key(tags jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('tagId', t->>'tagId', 'pinned', coalesce((t->>'pinned')::boolean, false)) ORDER BY t->>'tagId' COLLATE "C"), '[]'::jsonb)
  FROM jsonb_array_elements(coalesce(tags, '[]'::jsonb)) t
$$;

-- H1 (sdk/rules/permissions.ts canSeeDialog): whether an operator sees a dialog with this assignee.
CREATE OR REPLACE FUNCTION chatdesk_sees(role text, operator_id text, assignee jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT role = 'administrator' OR assignee IS NULL OR jsonb_typeof(assignee) = 'null'
      OR assignee->>'kind' = 'bot' OR assignee->>'id' = operator_id
$$;

CREATE OR REPLACE FUNCTION chatdesk_facet_add(d dialogs, k jsonb, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO dialog_facets AS f (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tags, n)
  VALUES (d.status, d.channel_id, coalesce(d.assignee->>'kind', ''), coalesce(d.assignee->>'id', ''),
          coalesce(d.last_message->'author'->>'kind', ''), d.waiting_since IS NOT NULL, coalesce(k, '[]'::jsonb), delta)
  ON CONFLICT (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tags) DO UPDATE SET n = f.n + excluded.n
$$;

-- Adds (delta 1) or takes away (-1) a dialog's contribution to every operator's N2, with the read
-- positions stored now.
CREATE OR REPLACE FUNCTION chatdesk_unread_add(d dialogs, delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO operator_counts AS oc (operator_id, unread_dialogs)
  SELECT o.id, delta FROM operators o LEFT JOIN read_states r ON r.operator_id = o.id AND r.dialog_id = d.id
  WHERE chatdesk_sees(o.role, o.id, d.assignee)
    AND (d.client_message_count > coalesce(r.read_client_count, 0) OR coalesce(r.marked_unread, false))
  ON CONFLICT (operator_id) DO UPDATE SET unread_dialogs = oc.unread_dialogs + excluded.unread_dialogs
$$;

CREATE OR REPLACE FUNCTION chatdesk_dialogs_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM chatdesk_facet_add(OLD, (SELECT chatdesk_tag_key(c.tags) FROM clients c WHERE c.id = OLD.client_id), -1);
    PERFORM chatdesk_unread_add(OLD, -1);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    PERFORM chatdesk_facet_add(NEW, (SELECT chatdesk_tag_key(c.tags) FROM clients c WHERE c.id = NEW.client_id), 1);
    PERFORM chatdesk_unread_add(NEW, 1);
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

-- Inserts and updates once the row is written; deletes before, while its read positions (removed
-- by ON DELETE CASCADE) still say what it counted for.
CREATE OR REPLACE TRIGGER dialogs_counts_write AFTER INSERT OR UPDATE ON dialogs
  FOR EACH ROW EXECUTE FUNCTION chatdesk_dialogs_counts();
CREATE OR REPLACE TRIGGER dialogs_counts_delete BEFORE DELETE ON dialogs
  FOR EACH ROW EXECUTE FUNCTION chatdesk_dialogs_counts();

-- T7: a client's tags moved: its dialogs move between facets.
CREATE OR REPLACE FUNCTION chatdesk_clients_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE d dialogs;
BEGIN
  IF chatdesk_tag_key(OLD.tags) IS DISTINCT FROM chatdesk_tag_key(NEW.tags) THEN
    FOR d IN SELECT * FROM dialogs WHERE client_id = NEW.id LOOP
      PERFORM chatdesk_facet_add(d, chatdesk_tag_key(OLD.tags), -1);
      PERFORM chatdesk_facet_add(d, chatdesk_tag_key(NEW.tags), 1);
    END LOOP;
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER clients_counts AFTER UPDATE ON clients
  FOR EACH ROW EXECUTE FUNCTION chatdesk_clients_counts();

-- N2: a read position moved (L1, H3). A row removed with its dialog was counted by the dialog's trigger.
CREATE OR REPLACE FUNCTION chatdesk_reads_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d dialogs;
  op operators;
  was boolean;
  now boolean;
BEGIN
  SELECT * INTO d FROM dialogs WHERE id = coalesce(NEW.dialog_id, OLD.dialog_id);
  IF NOT FOUND THEN RETURN NULL; END IF;
  SELECT * INTO op FROM operators WHERE id = coalesce(NEW.operator_id, OLD.operator_id);
  IF NOT FOUND OR NOT chatdesk_sees(op.role, op.id, d.assignee) THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN was := d.client_message_count > 0;
  ELSE was := d.client_message_count > OLD.read_client_count OR OLD.marked_unread; END IF;
  IF TG_OP = 'DELETE' THEN now := d.client_message_count > 0;
  ELSE now := d.client_message_count > NEW.read_client_count OR NEW.marked_unread; END IF;
  IF was <> now THEN
    INSERT INTO operator_counts AS oc (operator_id, unread_dialogs) VALUES (op.id, CASE WHEN now THEN 1 ELSE -1 END)
    ON CONFLICT (operator_id) DO UPDATE SET unread_dialogs = oc.unread_dialogs + excluded.unread_dialogs;
  END IF;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER read_states_counts AFTER INSERT OR UPDATE OR DELETE ON read_states
  FOR EACH ROW EXECUTE FUNCTION chatdesk_reads_counts();

-- Computes both aggregates from scratch (after a bulk load, or when operators or roles changed).
CREATE OR REPLACE FUNCTION chatdesk_rebuild_counts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM dialog_facets;
  INSERT INTO dialog_facets (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tags, n)
  SELECT d.status, d.channel_id, coalesce(d.assignee->>'kind', ''), coalesce(d.assignee->>'id', ''),
         coalesce(d.last_message->'author'->>'kind', ''), d.waiting_since IS NOT NULL, coalesce(ck.k, '[]'::jsonb), count(*)
  FROM dialogs d LEFT JOIN (SELECT id, chatdesk_tag_key(tags) AS k FROM clients) ck ON ck.id = d.client_id
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
  DELETE FROM operator_counts;
  INSERT INTO operator_counts (operator_id, unread_dialogs)
  SELECT o.id, (SELECT count(*) FROM dialogs d LEFT JOIN read_states r ON r.operator_id = o.id AND r.dialog_id = d.id
                WHERE chatdesk_sees(o.role, o.id, d.assignee)
                  AND (d.client_message_count > coalesce(r.read_client_count, 0) OR coalesce(r.marked_unread, false)))
  FROM operators o;
  INSERT INTO meta (key, value) VALUES ('counts_built', to_jsonb(1)) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
END $$;
