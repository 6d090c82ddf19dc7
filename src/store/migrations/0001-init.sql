-- Accounts are companies, keyed by their registrable domain in ASCII (punycode) form.
CREATE TABLE accounts (
  id           INTEGER PRIMARY KEY,
  domain       TEXT    NOT NULL UNIQUE,
  name         TEXT,
  industry     TEXT,
  employees    INTEGER CHECK (employees >= 0),
  revenue      REAL    CHECK (revenue >= 0),
  country      TEXT    CHECK (length(country) = 2),
  technologies TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(technologies)),
  attributes   TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(attributes)),
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
) STRICT;

-- People, keyed by lower-cased e-mail. A free-mail contact may have no account.
CREATE TABLE contacts (
  id         INTEGER PRIMARY KEY,
  email      TEXT    NOT NULL UNIQUE,
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  name       TEXT,
  title      TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX contacts_by_account ON contacts (account_id);

-- Topics are matched case- and whitespace-insensitively (`key`); `label` keeps the first spelling.
CREATE TABLE topics (
  id    INTEGER PRIMARY KEY,
  key   TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL
) STRICT;

-- Intent and engagement signals. `dedupe_key` is 16 bytes of SHA-256 over the client's id,
-- or over the normalized content when there is none, so a replay is always a duplicate.
-- Times are milliseconds since the Unix epoch (UTC).
CREATE TABLE signals (
  id               INTEGER PRIMARY KEY,
  dedupe_key       BLOB    NOT NULL UNIQUE,
  external_id      TEXT,
  type             TEXT    NOT NULL CHECK (type IN ('content', 'search', 'review', 'trade_show', 'email', 'form', 'meeting', 'web_visit')),
  account_id       INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  contact_id       INTEGER REFERENCES contacts (id) ON DELETE CASCADE,
  topic_id         INTEGER REFERENCES topics (id),
  action           TEXT,
  occurred_at      INTEGER NOT NULL,
  weight           REAL    CHECK (weight >= 0),
  duration_seconds INTEGER CHECK (duration_seconds >= 0),
  source           TEXT,
  url              TEXT,
  received_at      INTEGER NOT NULL,
  CHECK (account_id IS NOT NULL OR contact_id IS NOT NULL)
) STRICT;
CREATE INDEX signals_by_account_time ON signals (account_id, occurred_at) WHERE account_id IS NOT NULL;
CREATE INDEX signals_by_contact_time ON signals (contact_id, occurred_at) WHERE contact_id IS NOT NULL;

-- What the in-market model learns from: opportunities opened, deals won or lost.
CREATE TABLE outcomes (
  id          INTEGER PRIMARY KEY,
  dedupe_key  BLOB    NOT NULL UNIQUE,
  external_id TEXT,
  account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  type        TEXT    NOT NULL CHECK (type IN ('opportunity', 'won', 'lost')),
  occurred_at INTEGER NOT NULL,
  amount      REAL    CHECK (amount >= 0),
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outcomes_by_account_time ON outcomes (account_id, occurred_at);

-- API keys: only a SHA-256 of the secret is stored; `prefix` lets a person recognise a key.
CREATE TABLE api_keys (
  id           TEXT    PRIMARY KEY,
  secret_hash  BLOB    NOT NULL UNIQUE,
  prefix       TEXT    NOT NULL,
  scope        TEXT    NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
  name         TEXT,
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER,
  revoked_at   INTEGER,
  last_used_at INTEGER
) STRICT;
