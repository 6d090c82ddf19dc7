import type { Db } from '../db.ts'

export interface TopicActivityRow {
  id: number
  key: string
  label: string
  accounts: number
  signals: number
}

/** Labels remembered per process; past this the memory is cleared and refilled as asked. */
const MAX_REMEMBERED_LABELS = 100_000

export function topicsRepo(db: Db, maxRemembered = MAX_REMEMBERED_LABELS) {
  const byKey = db.prepare<[string], { id: number; key: string; label: string }>(
    'SELECT id, key, label FROM topics WHERE key = ?',
  )
  const labels = db.prepare<[string], { id: number; label: string }>(
    'SELECT id, label FROM topics WHERE id IN (SELECT value FROM json_each(?))',
  )
  // Keyset paging on (accounts DESC, signals DESC, key): `after` is the last row of the page before.
  const active = db.prepare<
    [number, number, number, number, number, number, number, string, number],
    TopicActivityRow
  >(
    `SELECT t.id, t.key, t.label, count(DISTINCT d.account_id) AS accounts, sum(d.signals) AS signals
     FROM topic_daily d JOIN topics t ON t.id = d.topic_id
     WHERE d.topic_id > 0 AND d.day >= ? AND d.day <= ?
     GROUP BY t.id
     -- The aggregates written out: in HAVING, SQLite would read a bare "signals" as the column
     -- of one row (topic_daily.signals), not the sum, and pages would repeat or skip topics.
     HAVING ? = 0 OR count(DISTINCT d.account_id) < ?
       OR (count(DISTINCT d.account_id) = ?
           AND (sum(d.signals) < ? OR (sum(d.signals) = ? AND t.key > ?)))
     ORDER BY accounts DESC, signals DESC, t.key LIMIT ?`,
  )

  const activeWithStoredSurges = db.prepare<
    [{ topicId: number; fromDay: number; toDay: number }],
    {
      domain: string
      computed_at: number | null
      model_id: string | null
      dirty: number
      active_model: string | null
      surge: string | null
    }
  >(
    `SELECT a.domain, s.computed_at, s.model_id, d.account_id IS NOT NULL AS dirty,
            (SELECT id FROM models WHERE active = 1) AS active_model, ts.body AS surge
     FROM (SELECT DISTINCT account_id FROM topic_daily
           WHERE topic_id = @topicId AND day >= @fromDay AND day <= @toDay) act
     JOIN accounts a ON a.id = act.account_id
     LEFT JOIN account_scores s ON s.account_id = a.id
     LEFT JOIN dirty_accounts d ON d.account_id = a.id
     LEFT JOIN topic_surges ts ON ts.topic_id = @topicId AND ts.account_id = a.id`,
  )

  // Usually hundreds of topics, but write keys can make up any number (tens of thousands across
  // accounts even within the per-account topic limit): bounded, like the identity caches.
  const knownLabels = new Map<number, string>()

  return {
    /** How many labels this process remembers (bounded by `maxRemembered`). */
    rememberedLabels: () => knownLabels.size,
    async byKey(key: string) {
      return byKey.get(key) ?? null
    },
    /** Labels by id. A topic's label never changes after it is created, so they are remembered. */
    async labels(ids: number[]): Promise<Map<number, string>> {
      const found = new Map<number, string>()
      const unknown: number[] = []
      for (const id of ids) {
        const label = knownLabels.get(id)
        if (label === undefined) unknown.push(id)
        else found.set(id, label)
      }
      if (unknown.length > 0) {
        for (const row of labels.all(JSON.stringify(unknown))) {
          if (knownLabels.size >= maxRemembered) knownLabels.clear()
          knownLabels.set(row.id, row.label)
          found.set(row.id, row.label)
        }
      }
      return found
    },
    /** Topics with any activity in whole days [fromDay, toDay], most accounts first, a page at a time. */
    async active(
      fromDay: number,
      toDay: number,
      after: { accounts: number; signals: number; key: string } | null,
      limit: number,
    ): Promise<TopicActivityRow[]> {
      const a = after ?? { accounts: 0, signals: 0, key: '' }
      const paged = after === null ? 0 : 1
      return active.all(
        fromDay,
        toDay,
        paged,
        a.accounts,
        a.accounts,
        a.signals,
        a.signals,
        a.key,
        limit,
      )
    },
    /** Domains of the accounts with activity on a topic in days [fromDay, toDay]. */
    /**
     * The accounts active on a topic between two days, each with what decides whether its
     * stored score may be served (domain/scores.ts) and the topic's surge as that score found
     * it (JSON; null when the score has none for the topic, or there is no stored score).
     */
    async activeWithStoredSurges(topicId: number, fromDay: number, toDay: number) {
      return activeWithStoredSurges.all({ topicId, fromDay, toDay }).map((row) => ({
        domain: row.domain,
        stored:
          row.computed_at === null
            ? null
            : {
                computedAt: row.computed_at,
                modelId: row.model_id,
                dirty: row.dirty === 1,
                activeModelId: row.active_model,
              },
        surge: row.surge,
      }))
    },
  }
}

export type TopicsRepo = ReturnType<typeof topicsRepo>
