-- Migration 009: an id that another dialog's message (or another operator's quick reply) took
-- while a command waited for it is an error, never an overwrite (issue 14: idempotency across
-- concurrent commands and instances).
--
-- A send reads its id under the dialog's lock; a concurrent send of the same id to another dialog
-- has not committed yet, so both go on and insert. The second insert waits for the first's row
-- and, once that commits, `ON CONFLICT (id) DO UPDATE` used to update the first message with the
-- second's text and number: the first dialog's message was replaced and the second dialog's
-- summary named a message it does not hold. The storage's upserts now call this function when the
-- row they meet belongs to someone else; its unique_violation makes the command run again, and
-- the run again reads the id, taken, and answers 409 conflict.
CREATE OR REPLACE FUNCTION chatdesk_id_taken(what text, id text) RETURNS text LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RAISE EXCEPTION 'chatdesk: % id % is taken', what, id USING ERRCODE = 'unique_violation';
END $$;
