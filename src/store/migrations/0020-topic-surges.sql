-- The topics of each stored score, one row each (the score's first 50 topics, as its body
-- lists them), written with the score and gone with it (the cascade: erasure and rescoring
-- drop the score's rows). The topic page reads an active account's surge here while its score
-- may be served, instead of rescoring every account active on the topic.
CREATE TABLE topic_surges (
  topic_id   INTEGER NOT NULL REFERENCES topics (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES account_scores (account_id) ON DELETE CASCADE,
  surge      REAL    NOT NULL,
  body       TEXT    NOT NULL CHECK (json_valid(body)),
  PRIMARY KEY (topic_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX topic_surges_by_account ON topic_surges (account_id);

INSERT OR IGNORE INTO topic_surges (topic_id, account_id, surge, body)
SELECT json_extract(t.value, '$.topicId'), s.account_id, json_extract(t.value, '$.surge'), t.value
FROM account_scores s, json_each(s.body, '$.intent.topics') t
WHERE json_extract(t.value, '$.topicId') IN (SELECT id FROM topics);
