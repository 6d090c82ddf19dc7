import {
  type DeliveryRow,
  type NewDelivery,
  type OutboxRepo,
  type Subscription,
  type SubscriptionRow,
  toDelivery,
} from '../../repos/outbox.ts'
import type { PgDb, Queryable, Row } from '../client.ts'

/**
 * How long a delivery `due` hands out stays away from the other replicas' `due`: each attempt is
 * bounded by the outbound deadline (well under a minute), and the worker records every outcome
 * (markDelivered / markFailed set the row's next state), so the lease only matters when a
 * replica died between claiming and recording: its deliveries are tried again after it.
 */
export const DELIVERY_LEASE_MS = 5 * 60_000

/** Queues deliveries inside the caller's transaction: one statement for the whole batch. */
export async function queueDeliveries(
  q: Queryable,
  deliveries: NewDelivery[],
  now: number,
): Promise<void> {
  if (deliveries.length === 0) return
  await q.run(
    `INSERT INTO deliveries (id, subscription_id, event, payload, status, next_attempt_at, created_at)
     SELECT d.id, d.subscription_id, d.event, d.payload, 'pending', $5, $5
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
       AS d(id, subscription_id, event, payload, n)
     ORDER BY d.n`,
    [
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.subscriptionId),
      deliveries.map((d) => d.event),
      deliveries.map((d) => d.payload),
      now,
    ],
  )
}

const toSub = (row: SubscriptionRow): Subscription => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as string[],
  threshold: row.threshold,
  secret: row.secret,
  createdAt: row.created_at,
  segments: row.segments === null ? null : (JSON.parse(row.segments) as string[]),
})

export function pgOutboxRepo(db: PgDb): OutboxRepo {
  return {
    async subscribe(sub) {
      await db.run(
        'INSERT INTO subscriptions (id, url, events, threshold, secret, created_at, segments) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [
          sub.id,
          sub.url,
          JSON.stringify(sub.events),
          sub.threshold,
          sub.secret,
          sub.createdAt,
          sub.segments == null ? null : JSON.stringify(sub.segments),
        ],
      )
    },
    async subscriptions() {
      const rows = await db.query<SubscriptionRow & Row>(
        'SELECT * FROM subscriptions ORDER BY created_at, id',
      )
      return rows.map(toSub)
    },
    async unsubscribe(id) {
      return (await db.run('DELETE FROM subscriptions WHERE id = $1', [id])) === 1
    },
    /**
     * The due deliveries, earliest first, as SQLite's; on PostgreSQL also a claim: the rows are
     * locked (SKIP LOCKED: another replica's claim in progress is passed over) and leased for
     * DELIVERY_LEASE_MS, so two replicas never send the same delivery. The rows come back as
     * they were before the lease (their nextAttemptAt the due time).
     */
    async due(now, limit) {
      return db.tx(async (q) => {
        const rows = await q.query<DeliveryRow & Row>(
          `SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1
           ORDER BY next_attempt_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [now, limit],
        )
        if (rows.length > 0)
          await q.run('UPDATE deliveries SET next_attempt_at = $2 WHERE id = ANY($1::text[])', [
            rows.map((row) => row.id),
            now + DELIVERY_LEASE_MS,
          ])
        return rows.map(toDelivery)
      })
    },
    async markDelivered(id, attempts, now) {
      await db.run(
        "UPDATE deliveries SET status = 'delivered', attempts = $1, delivered_at = $2, last_error = NULL, last_status = NULL WHERE id = $3",
        [attempts, now, id],
      )
    },
    async markFailed(id, attempts, next, error, status = null) {
      const state = next === null ? 'dead' : 'pending'
      await db.run(
        'UPDATE deliveries SET status = $1, attempts = $2, next_attempt_at = $3, last_error = $4, last_status = $5 WHERE id = $6',
        [state, attempts, next ?? 0, error.slice(0, 500), status, id],
      )
    },
    async deliveries(subscriptionId, limit) {
      const rows = await db.query<DeliveryRow & Row>(
        'SELECT * FROM deliveries WHERE subscription_id = $1 ORDER BY created_at DESC, id LIMIT $2',
        [subscriptionId, limit],
      )
      return rows.map(toDelivery)
    },
    async pendingCount() {
      const row = await db.one<{ n: number }>(
        "SELECT count(*) AS n FROM deliveries WHERE status = 'pending'",
      )
      return row!.n
    },
  }
}
