-- What a signal says about itself that can name its topic: the title of the page or document,
-- and the terms of a search. NULL on signals stored before this migration or sent without them.
ALTER TABLE signals ADD COLUMN title TEXT CHECK (length(title) <= 500);
ALTER TABLE signals ADD COLUMN query TEXT CHECK (length(query) <= 500);
-- Where the topic came from: 'sent' by the sender (topic_id NULL when the account's topic limit
-- dropped it), 'derived' from the taxonomy. NULL: no topic, or a signal stored before this
-- migration (all of those had their topic sent), so no backfill rewrites every row.
ALTER TABLE signals ADD COLUMN topic_source TEXT CHECK (topic_source IN ('sent', 'derived'));
-- `intent retopic` walks the topic-less signals in id order.
CREATE INDEX signals_without_topic ON signals (id) WHERE topic_id IS NULL AND topic_source IS NULL;

-- The topic taxonomy: each topic's category, keywords (JSON array of strings, any language) and
-- URL patterns (JSON array of globs over host + path). Replaced whole by PUT /v1/taxonomy.
CREATE TABLE taxonomy_topics (
  position INTEGER PRIMARY KEY,              -- order as sent: ties go to the topic listed first
  key      TEXT    NOT NULL UNIQUE,          -- the topic's key, as topics.key
  name     TEXT    NOT NULL,
  category TEXT    NOT NULL,
  keywords TEXT    NOT NULL CHECK (json_valid(keywords) AND json_type(keywords) = 'array'),
  urls     TEXT    NOT NULL CHECK (json_valid(urls) AND json_type(urls) = 'array')
) STRICT;

-- One row. `custom` 0: the taxonomy shipped with the service applies (src/taxonomy/
-- default-taxonomy.json, so an upgrade brings its improvements) and taxonomy_topics is empty;
-- 1: taxonomy_topics is the taxonomy, even when empty. `version` identifies its content.
CREATE TABLE taxonomy_state (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  custom     INTEGER NOT NULL CHECK (custom IN (0, 1)),
  version    TEXT,
  updated_at INTEGER
) STRICT;
INSERT INTO taxonomy_state (id, custom, version, updated_at) VALUES (1, 0, NULL, NULL);
