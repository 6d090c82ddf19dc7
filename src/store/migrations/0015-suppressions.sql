-- Identities erased on request (DELETE /v1/contacts/{email}, DELETE /v1/accounts/{domain}), so
-- that later input naming them is dropped instead of bringing them back. Only a keyed hash is
-- kept: HMAC-SHA-256(erasure secret, '<kind>:<key>'), never the address or the domain. An
-- admin lifts one with DELETE /v1/suppressions/{email-or-domain}.
CREATE TABLE suppressions (
  hash       BLOB    PRIMARY KEY CHECK (length(hash) = 32),
  kind       TEXT    NOT NULL CHECK (kind IN ('contact', 'account')),
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Audit targets were a bare SHA-256 of the address (reversible by guessing); new ones are the
-- same HMAC as above. Entries written before are re-keyed at the next start (they become
-- HMAC(secret, 'sha256:<old hex>')) and marked so.
ALTER TABLE audit_log ADD COLUMN hash_scheme TEXT NOT NULL DEFAULT 'hmac-sha256'
  CHECK (hash_scheme IN ('sha256', 'hmac-sha256', 'hmac-sha256(sha256)'));
UPDATE audit_log SET hash_scheme = 'sha256';
