-- Migration 005: search over every message at scale (L6, issue 19). Trigram (pg_trgm) GIN indexes
-- on the folded text the storage writes (sdk/rules/text.ts foldText), so a search's
-- `LIKE '%needle%'` is an index lookup instead of a scan of every message: dialog titles, the
-- client's name, phone and e-mail (`clients.search_name`, clientSearchText), and every message.
--
-- pg_trgm ships with PostgreSQL (contrib; trusted since PostgreSQL 13, so the database owner may
-- create it) and with PGlite (loaded by pglite-storage.ts). Where it cannot be created, search
-- still answers the same rows by scanning: the indexes are an optimisation, never a condition.

-- The client's folded text now holds their contacts as well: written again at the next start
-- (SqlStorage.prepareLists) for every client that has any.
UPDATE clients SET search_name = NULL WHERE jsonb_array_length(coalesce(contacts, '[]'::jsonb)) > 0;
DELETE FROM meta WHERE key = 'search_built';

DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE WARNING 'chatdesk: pg_trgm is not available (%); search (L6) scans instead of using an index', SQLERRM;
END $$;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS messages_search_trgm_idx ON messages USING gin (search_text gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS dialogs_search_trgm_idx ON dialogs USING gin (search_title gin_trgm_ops);
    CREATE INDEX IF NOT EXISTS clients_search_trgm_idx ON clients USING gin (search_name gin_trgm_ops);
  END IF;
END $$;

