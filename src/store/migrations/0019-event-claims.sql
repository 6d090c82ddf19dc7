-- Two-phase event claims (domain/events.ts): a claim is taken before the change and marked
-- applied after it, so a claim whose process died in between can be told from a finished one
-- and taken over by the sender's retry once its lease has run out. Segment's message ids join
-- the other senders' ids: one table, one rule. Rows from before were all finished as far as
-- anyone can know (the old claim was one phase), so they count as applied when claimed.
ALTER TABLE webhook_events RENAME COLUMN received_at TO claimed_at;
ALTER TABLE webhook_events ADD COLUMN applied_at INTEGER;
UPDATE webhook_events SET applied_at = claimed_at;
INSERT INTO webhook_events (source, event_id, claimed_at, applied_at)
  SELECT 'segment', message_id, received_at, received_at FROM segment_messages;
DROP TABLE segment_messages;
