import type { Db } from '../db.ts'

export function webhooksRepo(db: Db) {
  const claim = db.prepare<[string, string, number]>(
    'INSERT INTO webhook_events (source, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  )
  const seen = db.prepare<[string, string], { n: number }>(
    'SELECT 1 AS n FROM webhook_events WHERE source = ? AND event_id = ?',
  )
  const learn = db.prepare<[string, string, string, string]>(
    'INSERT INTO crm_objects (source, kind, object_id, key) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET key = excluded.key',
  )
  const lookup = db.prepare<[string, string, string], { key: string }>(
    'SELECT key FROM crm_objects WHERE source = ? AND kind = ? AND object_id = ?',
  )
  return {
    async seen(source: string, eventId: string): Promise<boolean> {
      return seen.get(source, eventId) !== undefined
    },
    /** Records the event as handled; false when it already was. */
    async claim(source: string, eventId: string, now: number): Promise<boolean> {
      return claim.run(source, eventId, now).changes === 1
    },
    async learn(source: string, kind: string, objectId: string, key: string): Promise<void> {
      learn.run(source, kind, objectId, key)
    },
    async keyOf(source: string, kind: string, objectId: string): Promise<string | null> {
      return lookup.get(source, kind, objectId)?.key ?? null
    },
  }
}

export type WebhooksRepo = ReturnType<typeof webhooksRepo>
