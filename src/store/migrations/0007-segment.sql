-- Segment-compatible intake: which userId is which contact, and which messages were handled.
CREATE TABLE segment_users (
  user_id    TEXT    PRIMARY KEY,
  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE
) STRICT;

CREATE TABLE segment_messages (
  message_id  TEXT    PRIMARY KEY,
  received_at INTEGER NOT NULL
) STRICT;
