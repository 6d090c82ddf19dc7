-- Daily activity per account × topic × day × signal type, kept current at ingest so that
-- scoring reads these few rows instead of raw signals. topic_id 0 stands for "no topic"
-- (web visits, e-mails without one), so account-wide totals are the sum over every topic_id.
-- `day` counts UTC days since 1970-01-01.
CREATE TABLE topic_daily (
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  topic_id    INTEGER NOT NULL,
  day         INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  signals     INTEGER NOT NULL,            -- every signal
  people      INTEGER NOT NULL,            -- distinct contacts that day; a signal without one counts alone
  weight_sum  REAL    NOT NULL DEFAULT 0,  -- sum of explicit per-signal weights …
  weighted    INTEGER NOT NULL DEFAULT 0,  -- … and how many signals carried one
  PRIMARY KEY (account_id, day, topic_id, type)
) STRICT, WITHOUT ROWID;

-- Which contacts were already counted in `people`: makes the distinct count exact and
-- independent of the order signals arrive in.
CREATE TABLE topic_daily_people (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  topic_id   INTEGER NOT NULL,
  day        INTEGER NOT NULL,
  type       TEXT    NOT NULL,
  contact_id INTEGER NOT NULL,
  PRIMARY KEY (account_id, day, topic_id, type, contact_id)
) STRICT, WITHOUT ROWID;

-- "Which accounts were active on this topic lately?" for topic pages and peer baselines.
CREATE INDEX topic_daily_by_topic_day ON topic_daily (topic_id, day);

-- Backfill from signals stored before this migration.
INSERT INTO topic_daily_people (account_id, topic_id, day, type, contact_id)
SELECT DISTINCT account_id, coalesce(topic_id, 0), occurred_at / 86400000, type, contact_id
FROM signals WHERE account_id IS NOT NULL AND contact_id IS NOT NULL;

INSERT INTO topic_daily (account_id, topic_id, day, type, signals, people, weight_sum, weighted)
SELECT account_id, coalesce(topic_id, 0), occurred_at / 86400000, type,
       count(*),
       count(DISTINCT contact_id) + sum(contact_id IS NULL),
       total(weight),
       count(weight)
FROM signals WHERE account_id IS NOT NULL
GROUP BY account_id, coalesce(topic_id, 0), occurred_at / 86400000, type;
