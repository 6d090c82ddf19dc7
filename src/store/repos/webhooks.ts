import type { Db } from '../db.ts'

/** The senders whose deliveries are applied at most once, each keyed by its own event ids. */
export type EventSource = 'crm' | 'hubspot' | 'segment'

export function webhooksRepo(db: Db) {
  // Segment's message ids have their own table (it predates webhook_events); same rule.
  const claimEvent = db.prepare<[string, string, number]>(
    'INSERT INTO webhook_events (source, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  )
  const releaseEvent = db.prepare<[string, string]>(
    'DELETE FROM webhook_events WHERE source = ? AND event_id = ?',
  )
  const claimMessage = db.prepare<[string, number]>(
    'INSERT INTO segment_messages (message_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
  )
  const releaseMessage = db.prepare<[string]>('DELETE FROM segment_messages WHERE message_id = ?')
  const learn = db.prepare<[string, string, string, string]>(
    'INSERT INTO crm_objects (source, kind, object_id, key) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET key = excluded.key',
  )
  const lookup = db.prepare<[string, string, string], { key: string }>(
    'SELECT key FROM crm_objects WHERE source = ? AND kind = ? AND object_id = ?',
  )
  return {
    /**
     * Records the event id and says whether this call did: check and record are one
     * statement, so of two concurrent deliveries exactly one gets true.
     */
    async claim(source: EventSource, eventId: string, now: number): Promise<boolean> {
      const claimed =
        source === 'segment' ? claimMessage.run(eventId, now) : claimEvent.run(source, eventId, now)
      return claimed.changes === 1
    },
    /** Forgets a claim whose change failed, so the sender's retry applies it. */
    async release(source: EventSource, eventId: string): Promise<void> {
      if (source === 'segment') releaseMessage.run(eventId)
      else releaseEvent.run(source, eventId)
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
