-- Saved segments: a name and the leaderboard's filter (JSON, validated by the API before it is
-- stored: domain/leaderboard-filter.ts), with their members stored, not recomputed per read.
CREATE TABLE segments (
  id          TEXT    PRIMARY KEY,
  name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description TEXT    CHECK (length(description) <= 1000),
  filter      TEXT    NOT NULL CHECK (json_valid(filter) AND json_type(filter) = 'object'),
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

-- Who is in each segment since when. Written in the transaction that stores the score or the
-- firmographics that moved the account (store/repos/segment-members.ts), with the outbox rows
-- the move causes; gone with the segment or the (erased) account.
CREATE TABLE segment_members (
  segment_id TEXT    NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  entered_at INTEGER NOT NULL,
  PRIMARY KEY (segment_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX segment_members_by_account ON segment_members (account_id);

-- Subscriptions to segment events may name the segments they want (JSON array of ids); NULL:
-- every segment.
ALTER TABLE subscriptions ADD COLUMN segments TEXT
  CHECK (segments IS NULL OR (json_valid(segments) AND json_type(segments) = 'array'));

-- The committee coverage a score was computed with (0–1), for the coverage filter. NULL on
-- scores stored before this migration: they match no coverage filter until rescored, which
-- their next signal, a new model or `intent score --all` does, so no upgrade rescores the book.
ALTER TABLE account_scores ADD COLUMN committee_coverage REAL
  CHECK (committee_coverage BETWEEN 0 AND 1);
