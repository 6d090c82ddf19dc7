-- HubSpot write-back (issue 21). The outbox: one row per account whose latest intent state
-- still has to reach its HubSpot company, replaced (coalesced) by every later change, written
-- in the score's own transaction. `version` rises with each replacement, so a send that took
-- an older state never marks the newer one done. `next_attempt_at` is when a worker may take
-- it: now for a new state, later after a failure, and a lease while a worker is sending it
-- (a worker that died leaves it to be taken again when the lease ends).
CREATE TABLE hubspot_writebacks (
  account_id      INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  properties      TEXT    NOT NULL CHECK (json_valid(properties)),
  version         INTEGER NOT NULL,
  queued_at       INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT
) STRICT;
CREATE INDEX hubspot_writebacks_due ON hubspot_writebacks (next_attempt_at);

-- Each account's HubSpot company, found by domain once and remembered, so later updates skip
-- the search; `company_id` null: searched at `checked_at` and not found (searched again a day
-- later, not on every change).
CREATE TABLE hubspot_companies (
  account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  company_id TEXT,
  checked_at INTEGER NOT NULL
) STRICT;
