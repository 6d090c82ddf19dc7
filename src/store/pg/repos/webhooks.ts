import type { Claim, WebhooksRepo } from '../../repos/webhooks.ts'
import type { PgDb } from '../client.ts'

export function pgWebhooksRepo(db: PgDb): WebhooksRepo {
  return {
    /**
     * Claims the event id as of `now`, or says who has it. The claim is one INSERT … ON CONFLICT:
     * of two replicas inserting the same id, the second waits for the first and then finds its
     * row (a pending claim within the lease is not taken over), so exactly one gets `claimed`.
     */
    async claim(source, eventId, now, leaseMs): Promise<Claim> {
      for (let attempt = 1; ; attempt++) {
        const taken = await db.run(
          `INSERT INTO webhook_events (source, event_id, claimed_at) VALUES ($1, $2, $3)
           ON CONFLICT (source, event_id) DO UPDATE SET claimed_at = excluded.claimed_at
           WHERE webhook_events.applied_at IS NULL
             AND webhook_events.claimed_at <= excluded.claimed_at - $4::bigint`,
          [source, eventId, now, leaseMs],
        )
        if (taken === 1) return { state: 'claimed' }
        const held = await db.one<{ claimed_at: number; applied_at: number | null }>(
          'SELECT claimed_at, applied_at FROM webhook_events WHERE source = $1 AND event_id = $2',
          [source, eventId],
        )
        // Released (deleted) between the two statements by its holder: claim it again.
        if (held === undefined) {
          if (attempt < 5) continue
          throw new Error(`webhook event ${source}/${eventId} kept vanishing while being claimed`)
        }
        return held.applied_at === null
          ? { state: 'pending', claimedAt: held.claimed_at }
          : { state: 'applied' }
      }
    },
    async confirm(source, eventId, now) {
      await db.run(
        'UPDATE webhook_events SET applied_at = coalesce(applied_at, $1) WHERE source = $2 AND event_id = $3',
        [now, source, eventId],
      )
    },
    async release(source, eventId, claimedAt) {
      await db.run(
        'DELETE FROM webhook_events WHERE source = $1 AND event_id = $2 AND applied_at IS NULL AND claimed_at = $3',
        [source, eventId, claimedAt],
      )
    },
    async learn(source, kind, objectId, key) {
      await db.run(
        `INSERT INTO crm_objects (source, kind, object_id, key) VALUES ($1, $2, $3, $4)
         ON CONFLICT (source, kind, object_id) DO UPDATE SET key = excluded.key`,
        [source, kind, objectId, key],
      )
    },
    async keyOf(source, kind, objectId) {
      const row = await db.one<{ key: string }>(
        'SELECT key FROM crm_objects WHERE source = $1 AND kind = $2 AND object_id = $3',
        [source, kind, objectId],
      )
      return row?.key ?? null
    },
  }
}
