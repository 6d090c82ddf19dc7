import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'

/** A database file for a test that reads what was stored, row by row, beside the API. */
export function testDbPath(name: string): string {
  return join(mkdtempSync(join(tmpdir(), `intent-${name}-`)), 'intent.db')
}

export interface StoredSignal {
  id: number
  type: string
  topic: string | null
  topicSource: string | null
  title: string | null
  query: string | null
  url: string | null
}

/** Every stored signal with its topic's label, in id order (a second, read-only connection). */
export function storedSignals(path: string): StoredSignal[] {
  const db = new Database(path, { readonly: true })
  try {
    return db
      .prepare(
        `SELECT s.id, s.type, t.label AS topic, s.topic_source AS topicSource, s.title, s.query, s.url
         FROM signals s LEFT JOIN topics t ON t.id = s.topic_id ORDER BY s.id`,
      )
      .all() as StoredSignal[]
  } finally {
    db.close()
  }
}

/** The daily rollups, and the same rebuilt from the signals: equal when the rollups are right. */
export function rollupsAndRebuilt(path: string) {
  const db = new Database(path, { readonly: true })
  try {
    const stored = db
      .prepare(
        `SELECT account_id, topic_id, day, type, signals, people, weight_sum, weighted FROM topic_daily
         ORDER BY account_id, day, topic_id, type`,
      )
      .all()
    const rebuilt = db
      .prepare(
        `SELECT account_id, coalesce(topic_id, 0) AS topic_id, occurred_at / 86400000 AS day, type,
                count(*) AS signals, count(DISTINCT contact_id) + sum(contact_id IS NULL) AS people,
                total(weight) AS weight_sum, count(weight) AS weighted
         FROM signals WHERE account_id IS NOT NULL
         GROUP BY account_id, day, coalesce(topic_id, 0), type
         ORDER BY account_id, day, topic_id, type`,
      )
      .all()
    return { stored, rebuilt }
  } finally {
    db.close()
  }
}
