-- Migration 002: what large data sets and several server instances need.

-- A client's dialogs (blocking a client or changing its tags touches all of them) without a
-- scan of every dialog.
CREATE INDEX IF NOT EXISTS dialogs_client_idx ON dialogs (client_id);

-- Deliveries to resume after a restart or a change of leader: only the few messages still on
-- their way are indexed, not the whole history.
CREATE INDEX IF NOT EXISTS messages_pending_idx ON messages (created_at)
  WHERE status->>'state' IN ('queued', 'sent');

-- Bytes of uploaded files when the server runs on a PostgreSQL server: every instance serves
-- every file, with no shared folder to mount (PGlite keeps them in the data folder instead).
CREATE TABLE IF NOT EXISTS upload_files (
  id         text PRIMARY KEY,
  mime       text NOT NULL,
  data       bytea NOT NULL,
  created_at bigint NOT NULL
);
