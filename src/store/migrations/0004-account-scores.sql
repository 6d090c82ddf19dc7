-- The current in-market score of each account, as served, so a look-up is a read.
CREATE TABLE account_scores (
  account_id     INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  computed_at    INTEGER NOT NULL,
  model_id       TEXT    NOT NULL,
  score          INTEGER NOT NULL,
  probability    REAL    NOT NULL,
  label          TEXT    NOT NULL,
  stage          TEXT    NOT NULL,
  fit_grade      TEXT    NOT NULL,
  surging_topics TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(surging_topics)),
  body           TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;
CREATE INDEX account_scores_by_score ON account_scores (score DESC, account_id);

-- One point a day per account: the score as of the end of that day, and the model that gave it.
CREATE TABLE score_history (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  day         INTEGER NOT NULL,
  score       INTEGER NOT NULL,
  probability REAL    NOT NULL,
  model_id    TEXT    NOT NULL,
  PRIMARY KEY (account_id, day)
) STRICT, WITHOUT ROWID;

-- Accounts whose signals, outcomes or firmographics changed since their score was computed.
CREATE TABLE dirty_accounts (
  account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  since      INTEGER NOT NULL
) STRICT;
INSERT INTO dirty_accounts (account_id, since) SELECT id, 0 FROM accounts;
