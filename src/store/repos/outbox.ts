import type { Db } from '../db.ts'

export interface Subscription {
  id: string
  url: string
  events: string[]
  threshold: number
  secret: string
  createdAt: number
  /** For segment events: the segments asked for; null or absent is every segment. */
  segments?: string[] | null
}

export interface Delivery {
  id: string
  subscriptionId: string
  event: string
  payload: string
  status: 'pending' | 'delivered' | 'dead'
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  /** The status of the last reply, when the receiver answered with an error. */
  lastStatus: number | null
  createdAt: number
  deliveredAt: number | null
}

export interface NewDelivery {
  id: string
  subscriptionId: string
  event: string
  payload: string
}

export interface SubscriptionRow {
  id: string
  url: string
  events: string
  threshold: number
  secret: string
  created_at: number
  segments: string | null
}

export interface DeliveryRow {
  id: string
  subscription_id: string
  event: string
  payload: string
  status: Delivery['status']
  attempts: number
  next_attempt_at: number
  last_error: string | null
  last_status: number | null
  created_at: number
  delivered_at: number | null
}

export const toDelivery = (row: DeliveryRow): Delivery => ({
  id: row.id,
  subscriptionId: row.subscription_id,
  event: row.event,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  lastStatus: row.last_status,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
})

/** Queues deliveries inside the caller's transaction. */
export function outboxWriter(db: Db) {
  const insert = db.prepare<[string, string, string, string, number, number]>(
    `INSERT INTO deliveries (id, subscription_id, event, payload, status, next_attempt_at, created_at)
     VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
  )
  return (deliveries: NewDelivery[], now: number) => {
    for (const d of deliveries) insert.run(d.id, d.subscriptionId, d.event, d.payload, now, now)
  }
}

export function outboxRepo(db: Db) {
  const insertSub = db.prepare<[string, string, string, number, string, number, string | null]>(
    'INSERT INTO subscriptions (id, url, events, threshold, secret, created_at, segments) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  const subs = db.prepare<[], SubscriptionRow>(
    'SELECT * FROM subscriptions ORDER BY created_at, id',
  )
  const deleteSub = db.prepare<[string]>('DELETE FROM subscriptions WHERE id = ?')
  const due = db.prepare<[number, number], DeliveryRow>(
    "SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?",
  )
  const delivered = db.prepare<[number, number, string]>(
    "UPDATE deliveries SET status = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL, last_status = NULL WHERE id = ?",
  )
  const failed = db.prepare<[string, number, number, string | null, number | null, string]>(
    'UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, last_status = ? WHERE id = ?',
  )
  const ofSub = db.prepare<[string, number], DeliveryRow>(
    'SELECT * FROM deliveries WHERE subscription_id = ? ORDER BY created_at DESC, id LIMIT ?',
  )
  const pending = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM deliveries WHERE status = 'pending'",
  )
  const toSub = (row: SubscriptionRow): Subscription => ({
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as string[],
    threshold: row.threshold,
    secret: row.secret,
    createdAt: row.created_at,
    segments: row.segments === null ? null : (JSON.parse(row.segments) as string[]),
  })
  return {
    async subscribe(sub: Subscription): Promise<void> {
      insertSub.run(
        sub.id,
        sub.url,
        JSON.stringify(sub.events),
        sub.threshold,
        sub.secret,
        sub.createdAt,
        sub.segments == null ? null : JSON.stringify(sub.segments),
      )
    },
    async subscriptions(): Promise<Subscription[]> {
      return subs.all().map(toSub)
    },
    async unsubscribe(id: string): Promise<boolean> {
      return deleteSub.run(id).changes === 1
    },
    async due(now: number, limit: number): Promise<Delivery[]> {
      return due.all(now, limit).map(toDelivery)
    },
    async markDelivered(id: string, attempts: number, now: number): Promise<void> {
      delivered.run(attempts, now, id)
    },
    async markFailed(
      id: string,
      attempts: number,
      next: number | null,
      error: string,
      status: number | null = null,
    ): Promise<void> {
      const state = next === null ? 'dead' : 'pending'
      failed.run(state, attempts, next ?? 0, error.slice(0, 500), status, id)
    },
    async deliveries(subscriptionId: string, limit: number): Promise<Delivery[]> {
      return ofSub.all(subscriptionId, limit).map(toDelivery)
    },
    async pendingCount(): Promise<number> {
      return pending.get()!.n
    },
  }
}

export type OutboxRepo = ReturnType<typeof outboxRepo>
