-- Peer baselines (mean daily activity per topic among similar accounts) for one baseline window
-- and scoring configuration. Computing them reads every rollup row of the window (a million
-- rows on a 5M-signal book), so each window is computed once and shared by every process,
-- until signals arrive for one of its days (a backfill): the rollup writer deletes it then.
CREATE TABLE peer_baselines (
  first_day   INTEGER NOT NULL,
  last_day    INTEGER NOT NULL,
  config_hash TEXT    NOT NULL,
  computed_at INTEGER NOT NULL,
  body        TEXT    NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (first_day, config_hash)
) STRICT, WITHOUT ROWID;
