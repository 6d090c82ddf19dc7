-- Webhook deliveries already handled (at-least-once senders retry), and CRM object ids we
-- have learnt (HubSpot sends an object's id with only the property that changed).
CREATE TABLE webhook_events (
  source      TEXT    NOT NULL,
  event_id    TEXT    NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (source, event_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE crm_objects (
  source    TEXT NOT NULL,
  kind      TEXT NOT NULL,
  object_id TEXT NOT NULL,
  key       TEXT NOT NULL,
  PRIMARY KEY (source, kind, object_id)
) STRICT, WITHOUT ROWID;
