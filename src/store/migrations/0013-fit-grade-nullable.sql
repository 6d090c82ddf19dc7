-- A fit grade may be absent: with no ideal customer profile configured and no lookalike of won
-- accounts learned yet, the service no longer grades every account "A". SQLite cannot relax a
-- NOT NULL in place, so the table is rebuilt; every score is marked for recomputation, since
-- the in-market model's format changed with this version.
CREATE TABLE account_scores_next (
  account_id     INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  computed_at    INTEGER NOT NULL,
  model_id       TEXT    NOT NULL,
  score          INTEGER NOT NULL,
  probability    REAL    NOT NULL,
  label          TEXT    NOT NULL,
  stage          TEXT    NOT NULL,
  fit_grade      TEXT    CHECK (fit_grade IN ('A', 'B', 'C', 'D')),
  surging_topics TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(surging_topics)),
  body           TEXT    NOT NULL CHECK (json_valid(body))
) STRICT;
INSERT INTO account_scores_next
SELECT account_id, computed_at, model_id, score, probability, label, stage,
       CASE WHEN fit_grade IN ('A', 'B', 'C', 'D') THEN fit_grade END, surging_topics, body
FROM account_scores;
DROP TABLE account_scores;
ALTER TABLE account_scores_next RENAME TO account_scores;
CREATE INDEX account_scores_by_score ON account_scores (score DESC, account_id);
INSERT OR IGNORE INTO dirty_accounts (account_id, since) SELECT account_id, 0 FROM account_scores;
