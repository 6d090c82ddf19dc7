import type { TopicActivityRow, TopicsRepo } from '../../repos/topics.ts'
import type { PgDb } from '../client.ts'

/** Labels remembered per process; past this the memory is cleared and refilled as asked. */
const MAX_REMEMBERED_LABELS = 100_000

export function pgTopicsRepo(db: PgDb, maxRemembered = MAX_REMEMBERED_LABELS): TopicsRepo {
  const knownLabels = new Map<number, string>()

  return {
    rememberedLabels: () => knownLabels.size,
    async byKey(key: string) {
      const row = await db.one<{ id: number; key: string; label: string }>(
        'SELECT id, key, label FROM topics WHERE key = $1',
        [key],
      )
      return row ?? null
    },
    async labels(ids: number[]): Promise<Map<number, string>> {
      const found = new Map<number, string>()
      const unknown: number[] = []
      for (const id of ids) {
        const label = knownLabels.get(id)
        if (label === undefined) unknown.push(id)
        else found.set(id, label)
      }
      if (unknown.length > 0) {
        // SQLite's `id IN (json_each)` walks the primary key: rows in id order.
        const rows = await db.query<{ id: number; label: string }>(
          'SELECT id, label FROM topics WHERE id = ANY($1::bigint[]) ORDER BY id',
          [unknown],
        )
        for (const row of rows) {
          if (knownLabels.size >= maxRemembered) knownLabels.clear()
          knownLabels.set(row.id, row.label)
          found.set(row.id, row.label)
        }
      }
      return found
    },
    async active(
      fromDay: number,
      toDay: number,
      after: { accounts: number; signals: number; key: string } | null,
      limit: number,
    ): Promise<TopicActivityRow[]> {
      const a = after ?? { accounts: 0, signals: 0, key: '' }
      // Keyset paging on (accounts DESC, signals DESC, key), as SQLite's.
      return db.query<TopicActivityRow & Record<string, unknown>>(
        `SELECT id, key, label, accounts, signals FROM (
           SELECT t.id, t.key, t.label, count(DISTINCT d.account_id) AS accounts,
                  sum(d.signals) AS signals
           FROM topic_daily d JOIN topics t ON t.id = d.topic_id
           WHERE d.topic_id > 0 AND d.day >= $1 AND d.day <= $2
           GROUP BY t.id
         ) AS active
         WHERE NOT $3::boolean OR accounts < $4::bigint
           OR (accounts = $4::bigint AND (signals < $5::numeric
             OR (signals = $5::numeric AND key > $6::text)))
         ORDER BY accounts DESC, signals DESC, key LIMIT $7`,
        [fromDay, toDay, after !== null, a.accounts, a.signals, a.key, limit],
      )
    },
    async activeWithStoredSurges(topicId: number, fromDay: number, toDay: number) {
      // SQLite's DISTINCT walks the (topic_id, day) index (then account_id, the rest of the
      // key) and keeps each account's first row: accounts by their first active day, then id.
      const rows = await db.query<{
        domain: string
        computed_at: number | null
        model_id: string | null
        dirty: boolean
        active_model: string | null
        surge: string | null
      }>(
        `SELECT a.domain, s.computed_at, s.model_id, d.account_id IS NOT NULL AS dirty,
                (SELECT id FROM models WHERE active = 1) AS active_model, ts.body AS surge
         FROM (SELECT account_id, min(day) AS first_day FROM topic_daily
               WHERE topic_id = $1 AND day >= $2 AND day <= $3 GROUP BY account_id) act
         JOIN accounts a ON a.id = act.account_id
         LEFT JOIN account_scores s ON s.account_id = a.id
         LEFT JOIN dirty_accounts d ON d.account_id = a.id
         LEFT JOIN topic_surges ts ON ts.topic_id = $1 AND ts.account_id = a.id
         ORDER BY act.first_day, a.id`,
        [topicId, fromDay, toDay],
      )
      return rows.map((row) => ({
        domain: row.domain,
        stored:
          row.computed_at === null
            ? null
            : {
                computedAt: row.computed_at,
                modelId: row.model_id,
                dirty: row.dirty,
                activeModelId: row.active_model,
              },
        surge: row.surge,
      }))
    },
  }
}
