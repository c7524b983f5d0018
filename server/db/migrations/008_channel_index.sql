-- Migration 008: a channel filter's pages by index (issue 13, docs/lists-at-scale.md).
-- A list filtered to a channel walked the activity index (004) and skipped the other channels'
-- dialogs: at 1M dialogs a large channel's first page visited ten times its rows, and a channel
-- with few dialogs walked the whole index (0.56 s for an empty answer). With the channel first,
-- the page is a range of this index in the order of the sort (F3 by activity; F2's second range).
CREATE INDEX IF NOT EXISTS dialogs_channel_activity_idx ON dialogs (channel_id, last_activity_at DESC, id COLLATE "C");
