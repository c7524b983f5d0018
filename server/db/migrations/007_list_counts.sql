-- Migration 007: list counts from small aggregates (issue 13, docs/lists-at-scale.md).
--
-- `dialog_facets` (004) is keyed by the client's whole tag set, so it grows with the number of
-- distinct tag sets in every combination of the other columns (13k rows at 100k dialogs), and a
-- total or the T7 counts summed over it (jsonb tests, one row per tag set) took most of a list
-- request at 1M dialogs. Two aggregates keyed by what a query filters on answer the common cases:
-- - `dialog_counts`: without the tags, only whether the client has a tag and a pinned one: the
--   total of a query with no tag, "no tags" (T3) or the pinned switch (T6). A few hundred rows.
-- - `dialog_tag_counts`: one row per tag (and whether the client pinned it): T7 (dialogs per
--   tag, GROUP BY tag_id) and the total of a query with one tag (T4).
-- `dialog_facets` still answers the total of two or more tags (T8, AND), which per-tag counts
-- cannot. Both new tables are kept by their own triggers in the write's transaction, written
-- netted and in key order (as 006 does), and rebuilt by chatdesk_rebuild_counts().

CREATE TABLE IF NOT EXISTS dialog_counts (
  status        text NOT NULL,
  channel_id    text NOT NULL,
  assignee_kind text NOT NULL,    -- '' (nobody), 'operator', 'bot'
  assignee_id   text NOT NULL,    -- '' when nobody
  author_kind   text NOT NULL,    -- the last message's author kind, '' without a message
  waiting       boolean NOT NULL, -- waiting_since IS NOT NULL
  tagged        boolean NOT NULL, -- the client has a tag
  pinned        boolean NOT NULL, -- the client has a pinned tag
  n             integer NOT NULL,
  PRIMARY KEY (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tagged, pinned)
);

CREATE TABLE IF NOT EXISTS dialog_tag_counts (
  tag_id        text NOT NULL,
  pinned        boolean NOT NULL, -- the client pinned this tag
  status        text NOT NULL,
  channel_id    text NOT NULL,
  assignee_kind text NOT NULL,
  assignee_id   text NOT NULL,
  author_kind   text NOT NULL,
  waiting       boolean NOT NULL,
  n             integer NOT NULL,
  PRIMARY KEY (tag_id, pinned, status, channel_id, assignee_kind, assignee_id, author_kind, waiting)
);

-- Moves both aggregates from dialog `o` with client tags `ok` (chatdesk_tag_key) to dialog `nw`
-- with tags `nk`; either side may be NULL (an insert, a delete). Netted: a row whose count does
-- not move is not written.
CREATE OR REPLACE FUNCTION chatdesk_counts_move(o dialogs, ok jsonb, nw dialogs, nk jsonb) RETURNS void LANGUAGE sql AS $$
  WITH x AS (
    SELECT (v.d).status AS status, (v.d).channel_id AS channel_id, coalesce((v.d).assignee->>'kind', '') AS assignee_kind,
           coalesce((v.d).assignee->>'id', '') AS assignee_id, coalesce((v.d).last_message->'author'->>'kind', '') AS author_kind,
           (v.d).waiting_since IS NOT NULL AS waiting, v.k, v.delta
    FROM (SELECT o AS d, coalesce(ok, '[]'::jsonb) AS k, -1 AS delta WHERE (o).id IS NOT NULL
          UNION ALL SELECT nw, coalesce(nk, '[]'::jsonb), 1 WHERE (nw).id IS NOT NULL) v
  ), plain AS (
    INSERT INTO dialog_counts AS f (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tagged, pinned, n)
    SELECT status, channel_id, assignee_kind, assignee_id, author_kind, waiting, jsonb_array_length(k) > 0, k @> '[{"pinned": true}]'::jsonb, sum(delta)::integer
    FROM x GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
    ON CONFLICT (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tagged, pinned) DO UPDATE SET n = f.n + excluded.n
  )
  INSERT INTO dialog_tag_counts AS g (tag_id, pinned, status, channel_id, assignee_kind, assignee_id, author_kind, waiting, n)
  SELECT t->>'tagId', coalesce((t->>'pinned')::boolean, false), status, channel_id, assignee_kind, assignee_id, author_kind, waiting, sum(delta)::integer
  FROM x, jsonb_array_elements(x.k) t GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (tag_id, pinned, status, channel_id, assignee_kind, assignee_id, author_kind, waiting) DO UPDATE SET n = g.n + excluded.n
$$;

CREATE OR REPLACE FUNCTION chatdesk_dialogs_list_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM chatdesk_counts_move(NULL, NULL, NEW, (SELECT chatdesk_tag_key(c.tags) FROM clients c WHERE c.id = NEW.client_id));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM chatdesk_counts_move(OLD, (SELECT chatdesk_tag_key(c.tags) FROM clients c WHERE c.id = OLD.client_id), NULL, NULL);
  ELSE
    PERFORM chatdesk_counts_move(OLD, (SELECT chatdesk_tag_key(c.tags) FROM clients c WHERE c.id = OLD.client_id),
                                 NEW, (SELECT chatdesk_tag_key(c.tags) FROM clients c WHERE c.id = NEW.client_id));
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE TRIGGER dialogs_list_counts_insert AFTER INSERT ON dialogs
  FOR EACH ROW EXECUTE FUNCTION chatdesk_dialogs_list_counts();
-- Only when a column these aggregates read changed (a reply in an answered dialog changes none).
CREATE OR REPLACE TRIGGER dialogs_list_counts_update AFTER UPDATE ON dialogs
  FOR EACH ROW WHEN (
    OLD.status IS DISTINCT FROM NEW.status
    OR OLD.channel_id IS DISTINCT FROM NEW.channel_id
    OR OLD.client_id IS DISTINCT FROM NEW.client_id
    OR OLD.assignee IS DISTINCT FROM NEW.assignee
    OR (OLD.waiting_since IS NULL) <> (NEW.waiting_since IS NULL)
    OR (OLD.last_message->'author'->>'kind') IS DISTINCT FROM (NEW.last_message->'author'->>'kind')
  )
  EXECUTE FUNCTION chatdesk_dialogs_list_counts();
-- Before the row goes, while its client is certainly there.
CREATE OR REPLACE TRIGGER dialogs_list_counts_delete BEFORE DELETE ON dialogs
  FOR EACH ROW EXECUTE FUNCTION chatdesk_dialogs_list_counts();

-- T6, T7: a client's tags moved: their dialogs move between tag rows.
CREATE OR REPLACE FUNCTION chatdesk_clients_list_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  d dialogs;
  ok jsonb := chatdesk_tag_key(OLD.tags);
  nk jsonb := chatdesk_tag_key(NEW.tags);
BEGIN
  IF ok IS DISTINCT FROM nk THEN
    FOR d IN SELECT * FROM dialogs WHERE client_id = NEW.id ORDER BY id LOOP
      PERFORM chatdesk_counts_move(d, ok, d, nk);
    END LOOP;
  END IF;
  RETURN NEW;
END $$;
CREATE OR REPLACE TRIGGER clients_list_counts AFTER UPDATE ON clients
  FOR EACH ROW EXECUTE FUNCTION chatdesk_clients_list_counts();

-- Both new aggregates from scratch.
CREATE OR REPLACE FUNCTION chatdesk_rebuild_list_counts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE chatdesk_dialog_keys ON COMMIT DROP AS
  SELECT d.status, d.channel_id, coalesce(d.assignee->>'kind', '') AS assignee_kind, coalesce(d.assignee->>'id', '') AS assignee_id,
         coalesce(d.last_message->'author'->>'kind', '') AS author_kind, d.waiting_since IS NOT NULL AS waiting, coalesce(ck.k, '[]'::jsonb) AS k, count(*)::integer AS n
  FROM dialogs d LEFT JOIN (SELECT id, chatdesk_tag_key(tags) AS k FROM clients WHERE jsonb_array_length(coalesce(tags, '[]'::jsonb)) > 0) ck ON ck.id = d.client_id
  GROUP BY 1, 2, 3, 4, 5, 6, 7;
  DELETE FROM dialog_counts;
  INSERT INTO dialog_counts (status, channel_id, assignee_kind, assignee_id, author_kind, waiting, tagged, pinned, n)
  SELECT status, channel_id, assignee_kind, assignee_id, author_kind, waiting, jsonb_array_length(k) > 0, k @> '[{"pinned": true}]'::jsonb, sum(n)
  FROM chatdesk_dialog_keys GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  DELETE FROM dialog_tag_counts;
  INSERT INTO dialog_tag_counts (tag_id, pinned, status, channel_id, assignee_kind, assignee_id, author_kind, waiting, n)
  SELECT t->>'tagId', coalesce((t->>'pinned')::boolean, false), status, channel_id, assignee_kind, assignee_id, author_kind, waiting, sum(n)
  FROM chatdesk_dialog_keys, jsonb_array_elements(k) t GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  DROP TABLE chatdesk_dialog_keys;
END $$;

-- 004's rebuild, and the new aggregates with it (a bulk loader calls this once at the end).
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
  PERFORM chatdesk_rebuild_list_counts();
  INSERT INTO meta (key, value) VALUES ('counts_built', to_jsonb(1)) ON CONFLICT (key) DO UPDATE SET value = excluded.value;
END $$;

-- The data already stored (a database made before this migration).
SELECT chatdesk_rebuild_list_counts();
