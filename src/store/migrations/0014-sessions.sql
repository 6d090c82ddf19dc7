-- The sales pages' sessions, kept on the server so that signing out, revoking a key or
-- changing ADMIN_API_KEY ends them at once. The cookie holds a random id (256 bits) signed
-- with SESSION_SECRET or the secret file beside the database; only the id's SHA-256 is stored
-- here, so a copy of the database opens no session.
CREATE TABLE sessions (
  id_hash      BLOB    PRIMARY KEY CHECK (length(id_hash) = 32),
  -- api_keys.id, or 'env:ADMIN_API_KEY' (not a row, so no foreign key).
  key_id       TEXT    NOT NULL,
  -- For ADMIN_API_KEY sessions: the SHA-256 of the key signed in with; a changed key ends them.
  env_key_hash BLOB    CHECK (env_key_hash IS NULL OR length(env_key_hash) = 32),
  created_at   INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_by_key ON sessions (key_id, created_at);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- The cookie-signing secret no longer lives in the database (a backup could forge sessions
-- with it); cookies signed with it stop working and their holders sign in again.
DELETE FROM settings WHERE key = 'session_secret';
