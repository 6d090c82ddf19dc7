-- Where an interrupted batch job stopped, so a rerun resumes instead of starting over.
CREATE TABLE batch_checkpoints (
  name        TEXT    PRIMARY KEY,
  params      TEXT    NOT NULL CHECK (json_valid(params)),
  last_key    TEXT    NOT NULL,
  done        INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
