import type { TaxonomyTopic } from '../../taxonomy/types.ts'
import type { Db } from '../db.ts'

/** Which taxonomy applies (migration 0016): the shipped default, or the stored one. */
export interface TaxonomyState {
  custom: boolean
  /** The stored taxonomy's version; null while the default applies. */
  version: string | null
}

interface TopicRow {
  name: string
  category: string
  keywords: string
  urls: string
}

export function taxonomyRepo(db: Db) {
  const state = db.prepare<[], { custom: number; version: string | null }>(
    'SELECT custom, version FROM taxonomy_state WHERE id = 1',
  )
  const topics = db.prepare<[], TopicRow>(
    'SELECT name, category, keywords, urls FROM taxonomy_topics ORDER BY position',
  )
  const clear = db.prepare('DELETE FROM taxonomy_topics')
  const insert = db.prepare<[number, string, string, string, string, string]>(
    'INSERT INTO taxonomy_topics (position, key, name, category, keywords, urls) VALUES (?, ?, ?, ?, ?, ?)',
  )
  // A stored score's categories (its body's and `surging_categories`) are its topics' under the
  // taxonomy it was computed with: every account with stored topics is rescored, by the score
  // refresher as after ingest, and its look-up recomputed until then.
  const rescoreTopical = db.prepare<{ now: number }>(
    `INSERT INTO dirty_accounts (account_id, since)
     SELECT DISTINCT account_id, @now FROM topic_surges WHERE true
     ON CONFLICT (account_id) DO UPDATE SET since = excluded.since`,
  )
  const setState = db.prepare<[string, number]>(
    'UPDATE taxonomy_state SET custom = 1, version = ?, updated_at = ? WHERE id = 1',
  )

  // All or nothing: a reader sees the old taxonomy or the new one, never a mixture.
  const replace = db.transaction(
    (items: { key: string; topic: TaxonomyTopic }[], version: string, now: number) => {
      const changed = state.get()!.version !== version
      clear.run()
      items.forEach(({ key, topic }, position) => {
        insert.run(
          position,
          key,
          topic.name,
          topic.category,
          JSON.stringify(topic.keywords),
          JSON.stringify(topic.urls),
        )
      })
      setState.run(version, now)
      if (changed) rescoreTopical.run({ now })
    },
  )

  return {
    /** One row: cheap enough to read before every batch. */
    async state(): Promise<TaxonomyState> {
      const row = state.get()!
      return { custom: row.custom === 1, version: row.version }
    },
    async topics(): Promise<TaxonomyTopic[]> {
      return topics.all().map((row) => ({
        name: row.name,
        category: row.category,
        keywords: JSON.parse(row.keywords) as string[],
        urls: JSON.parse(row.urls) as string[],
      }))
    },
    /**
     * Replaces the taxonomy whole; from then on it applies instead of the default, and the
     * accounts whose stored scores have topics are marked for rescoring.
     */
    async replace(
      items: { key: string; topic: TaxonomyTopic }[],
      version: string,
      now: number,
    ): Promise<void> {
      replace.immediate(items, version, now)
    },
  }
}

export type TaxonomyRepo = ReturnType<typeof taxonomyRepo>
