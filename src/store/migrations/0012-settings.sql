-- Service-wide values the service makes for itself, such as the secret that signs the sales
-- pages' session cookies: generated once, kept here so sessions survive a restart.
CREATE TABLE settings (
  key        TEXT    PRIMARY KEY,
  value      TEXT    NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
