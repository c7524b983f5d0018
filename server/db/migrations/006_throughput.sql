-- Migration 006: the count triggers of 004 write only what a change moves, in a fixed order
-- (issue 14: throughput on PostgreSQL).
--
-- 004 took a dialog's old contribution away and added its new one on every write of a dialog row:
-- two upserts of shared `dialog_facets` rows and one of every operator's `operator_counts` row,
-- even when nothing counted had changed (an operator's second reply). Those rows are shared by
-- many dialogs and stay locked until the commit, so every message of every dialog waited for the
-- one before it, and two commands that locked the same rows in different orders deadlocked
-- (PostgreSQL finds that only after deadlock_timeout, 1 s). Now:
-- - an UPDATE that changes nothing a count reads does not run the trigger at all (WHEN below);
-- - otherwise the old and new contributions are netted first and only rows whose count moves are
--   written, facets in key order and operators in id order, so two commands lock them in one order.

CREATE OR REPLACE FUNCTION chatdesk_dialogs_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ok jsonb; -- the old row's client tags, chatdesk_tag_key()
  nk jsonb; -- the new row's
BEGIN
  IF TG_OP <> 'INSERT' THEN ok := coalesce((SELECT chatdesk_tag_key(c.tags) FROM clients c WHERE c.id = OLD.client_id), '[]'::jsonb); END IF;
  IF TG_OP <> 'DELETE' THEN nk := coalesce((SELECT chatdesk_tag_key(c.tags) FROM clients c WHERE c.id = NEW.client_id), '[]'::jsonb); END IF;

  INSERT INTO dialog_facets AS f (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tags, n)
  SELECT x.status, x.channel_id, x.assignee_kind, x.assignee_id, x.author_kind, x.waiting, x.tags, sum(x.delta)::integer
  FROM (
    SELECT OLD.status, OLD.channel_id, coalesce(OLD.assignee->>'kind', '') AS assignee_kind, coalesce(OLD.assignee->>'id', '') AS assignee_id,
           coalesce(OLD.last_message->'author'->>'kind', '') AS author_kind, OLD.waiting_since IS NOT NULL AS waiting, ok AS tags, -1 AS delta
    WHERE TG_OP <> 'INSERT'
    UNION ALL
    SELECT NEW.status, NEW.channel_id, coalesce(NEW.assignee->>'kind', ''), coalesce(NEW.assignee->>'id', ''),
           coalesce(NEW.last_message->'author'->>'kind', ''), NEW.waiting_since IS NOT NULL, nk, 1
    WHERE TG_OP <> 'DELETE'
  ) x
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(x.delta) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7::text
  ON CONFLICT (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tags) DO UPDATE SET n = f.n + excluded.n;

  -- N2: each operator's unread count moves by (unread now) - (unread before), with the read
  -- positions stored now (a dialog write does not move them).
  INSERT INTO operator_counts AS oc (operator_id, unread_dialogs)
  SELECT y.id, y.delta FROM (
    SELECT o.id,
      (CASE WHEN TG_OP <> 'DELETE' AND chatdesk_sees(o.role, o.id, NEW.assignee)
                 AND (NEW.client_message_count > coalesce(r.read_client_count, 0) OR coalesce(r.marked_unread, false)) THEN 1 ELSE 0 END)
      - (CASE WHEN TG_OP <> 'INSERT' AND chatdesk_sees(o.role, o.id, OLD.assignee)
                 AND (OLD.client_message_count > coalesce(r.read_client_count, 0) OR coalesce(r.marked_unread, false)) THEN 1 ELSE 0 END) AS delta
    FROM operators o LEFT JOIN read_states r ON r.operator_id = o.id AND r.dialog_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END
  ) y
  WHERE y.delta <> 0
  ORDER BY y.id
  ON CONFLICT (operator_id) DO UPDATE SET unread_dialogs = oc.unread_dialogs + excluded.unread_dialogs;

  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS dialogs_counts_write ON dialogs;
CREATE OR REPLACE TRIGGER dialogs_counts_insert AFTER INSERT ON dialogs
  FOR EACH ROW EXECUTE FUNCTION chatdesk_dialogs_counts();
-- Only when something a count reads changed: the facet columns, the client, the assignee (H1)
-- or the client's message count (N2). A reply in a dialog already answered changes none of them.
CREATE OR REPLACE TRIGGER dialogs_counts_update AFTER UPDATE ON dialogs
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status
    OR OLD.channel_id IS DISTINCT FROM NEW.channel_id
    OR OLD.client_id IS DISTINCT FROM NEW.client_id
    OR OLD.assignee IS DISTINCT FROM NEW.assignee
    OR (OLD.waiting_since IS NULL) <> (NEW.waiting_since IS NULL)
    OR (OLD.last_message->'author'->>'kind') IS DISTINCT FROM (NEW.last_message->'author'->>'kind')
    OR OLD.client_message_count IS DISTINCT FROM NEW.client_message_count
  )
  EXECUTE FUNCTION chatdesk_dialogs_counts();
-- dialogs_counts_delete (BEFORE DELETE, from 004) runs the function above too.

-- Group commit (server/db/pg-storage.ts WalFlusher): a command's transaction commits without
-- waiting for the disk; before anything is answered, one flusher per server updates its row here
-- in a synchronous commit, which flushes the WAL up to it: every commit before it included. (A
-- transaction that writes nothing would not flush; this row is what it writes.)
CREATE TABLE IF NOT EXISTS wal_flushes (
  flusher text PRIMARY KEY,
  n       bigint NOT NULL
);
