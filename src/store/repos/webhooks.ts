import type { Db } from '../db.ts'

/** The senders whose deliveries are applied at most once, each keyed by its own event ids. */
export type EventSource = 'crm' | 'hubspot' | 'segment'

/** Where a claim on an event id stands after a delivery asked for it. */
export type Claim =
  | { state: 'claimed' }
  | { state: 'applied' }
  | { state: 'pending'; claimedAt: number }

export function webhooksRepo(db: Db) {
  // A pending claim (applied_at NULL) older than the lease is taken over: its taker died.
  const takeClaim = db.prepare<{ source: string; eventId: string; now: number; leaseMs: number }>(
    `INSERT INTO webhook_events (source, event_id, claimed_at) VALUES (@source, @eventId, @now)
     ON CONFLICT DO UPDATE SET claimed_at = excluded.claimed_at
     WHERE applied_at IS NULL AND claimed_at <= excluded.claimed_at - @leaseMs`,
  )
  const claimOf = db.prepare<[string, string], { claimed_at: number; applied_at: number | null }>(
    'SELECT claimed_at, applied_at FROM webhook_events WHERE source = ? AND event_id = ?',
  )
  const markApplied = db.prepare<[number, string, string]>(
    'UPDATE webhook_events SET applied_at = coalesce(applied_at, ?) WHERE source = ? AND event_id = ?',
  )
  const dropClaim = db.prepare<[string, string, number]>(
    'DELETE FROM webhook_events WHERE source = ? AND event_id = ? AND applied_at IS NULL AND claimed_at = ?',
  )
  const claim = db.transaction(
    (source: EventSource, eventId: string, now: number, leaseMs: number): Claim => {
      if (takeClaim.run({ source, eventId, now, leaseMs }).changes === 1)
        return { state: 'claimed' }
      const held = claimOf.get(source, eventId)!
      return held.applied_at === null
        ? { state: 'pending', claimedAt: held.claimed_at }
        : { state: 'applied' }
    },
  )
  const learn = db.prepare<[string, string, string, string]>(
    'INSERT INTO crm_objects (source, kind, object_id, key) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET key = excluded.key',
  )
  const lookup = db.prepare<[string, string, string], { key: string }>(
    'SELECT key FROM crm_objects WHERE source = ? AND kind = ? AND object_id = ?',
  )
  return {
    /**
     * Claims the event id as of `now`, or says who has it: check and claim are one
     * transaction, so of two concurrent deliveries exactly one gets `claimed`.
     */
    async claim(
      source: EventSource,
      eventId: string,
      now: number,
      leaseMs: number,
    ): Promise<Claim> {
      return claim.immediate(source, eventId, now, leaseMs)
    },
    /** Marks a claimed event applied: from now on every delivery of it is a duplicate. */
    async confirm(source: EventSource, eventId: string, now: number): Promise<void> {
      markApplied.run(now, source, eventId)
    },
    /**
     * Gives back the claim taken at `claimedAt` whose change failed, so the sender's retry
     * applies it; a claim another delivery has since taken over is left to that one.
     */
    async release(source: EventSource, eventId: string, claimedAt: number): Promise<void> {
      dropClaim.run(source, eventId, claimedAt)
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
