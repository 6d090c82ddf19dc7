-- Outbound notifications. The secret is kept as given: it signs every delivery.
CREATE TABLE subscriptions (
  id         TEXT    PRIMARY KEY,
  url        TEXT    NOT NULL,
  events     TEXT    NOT NULL CHECK (json_valid(events)),
  threshold  INTEGER NOT NULL,
  secret     TEXT    NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- The outbox: written in the same transaction as the score change that caused it, delivered
-- and retried by the worker, dead-lettered after the last attempt.
CREATE TABLE deliveries (
  id              TEXT    PRIMARY KEY,
  subscription_id TEXT    NOT NULL REFERENCES subscriptions (id) ON DELETE CASCADE,
  event           TEXT    NOT NULL,
  payload         TEXT    NOT NULL CHECK (json_valid(payload)),
  status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  created_at      INTEGER NOT NULL,
  delivered_at    INTEGER
) STRICT;
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, created_at);
