-- Migration 004: lists at CRM scale (issue 13, docs/lists-at-scale.md): sort indexes for keyset
-- pages, folded search text, and the aggregates that answer a list's counts without a scan.
-- The aggregates start empty here; the storage fills them once at its next start (and the folded
-- text of rows written before this migration) and records `counts_built` in `meta`; the
-- triggers below keep them right after that. A bulk loader that bypasses the triggers
-- (session_replication_role = replica) calls SELECT chatdesk_rebuild_counts() after.

-- L6: text folded as sdk/rules/text.ts foldText does (written by the storage, in JS).
ALTER TABLE dialogs ADD COLUMN IF NOT EXISTS search_title text;
ALTER TABLE clients ADD COLUMN IF NOT EXISTS search_name text;

-- Keyset pages in the order of sortKey (sdk/rules/query.ts): F3 by last activity, newest first;
-- F2 the waiting open dialogs first, longest wait on top, then the rest by activity. Ids compare
-- byte-wise (COLLATE "C"), as the SDK compares them.
CREATE INDEX IF NOT EXISTS dialogs_activity_idx ON dialogs (last_activity_at DESC, id COLLATE "C");
CREATE INDEX IF NOT EXISTS dialogs_status_activity_idx ON dialogs (status, last_activity_at DESC, id COLLATE "C");
CREATE INDEX IF NOT EXISTS dialogs_waiting_idx ON dialogs (waiting_since, id COLLATE "C") WHERE status = 'open' AND waiting_since IS NOT NULL;
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
