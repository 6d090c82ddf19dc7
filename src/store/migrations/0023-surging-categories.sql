-- The taxonomy categories a score surges on (JSON array, for the `category` filter): the
-- categories of its surging topics and the categories whose topics, pooled, surge
-- (domain/score-writes.ts, surgingCategoriesOf). The store cannot map a topic to its
-- category (the taxonomy is compiled in the domain), so the domain stores them with the score.
-- '[]' on scores stored before this migration: they match no category filter until rescored,
-- which their next signal, a new model, a taxonomy change or `intent score --all` does, so no
-- upgrade rescores the book.
ALTER TABLE account_scores ADD COLUMN surging_categories TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(surging_categories) AND json_type(surging_categories) = 'array');
