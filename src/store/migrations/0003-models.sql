-- In-market models as versioned JSON. At most one is active; none active means the shipped
-- default is used.
CREATE TABLE models (
  id         TEXT    PRIMARY KEY,
  body       TEXT    NOT NULL CHECK (json_valid(body)),
  created_at INTEGER NOT NULL,
  active     INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))
) STRICT;
CREATE UNIQUE INDEX models_one_active ON models (active) WHERE active = 1;
