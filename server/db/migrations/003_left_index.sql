-- Migration 003: web chats whose visitor left (S5) are read on every simulated delivery step;
-- a partial index keeps that read to the few such dialogs instead of a scan of all of them.
CREATE INDEX IF NOT EXISTS dialogs_client_left_idx ON dialogs (id) WHERE client_left;
