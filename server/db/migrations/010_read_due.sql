-- Migration 010: a simulated delivery whose read is still to come survives a restart or a change of
-- leader. The "delivered" step writes when the simulated client will read the message
-- (`read_due`, milliseconds since the epoch; null once read, or where the channel reports no
-- reads); deliveries resume from these as from the `queued` and `sent` ones. Only the few such
-- messages are indexed, not the whole history.
ALTER TABLE messages ADD COLUMN IF NOT EXISTS read_due bigint;
CREATE INDEX IF NOT EXISTS messages_read_due_idx ON messages (created_at) WHERE read_due IS NOT NULL;
