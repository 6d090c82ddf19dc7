-- Who did what, when, for admin actions. Targets are recorded as a SHA-256 (so an auditor can
-- check "was this address erased?") — never the personal data itself.
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          INTEGER NOT NULL,
  actor       TEXT    NOT NULL,
  action      TEXT    NOT NULL,
  target_kind TEXT    NOT NULL,
  target_hash TEXT    NOT NULL,
  details     TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(details))
) STRICT;
CREATE INDEX audit_log_by_time ON audit_log (at);
