import type { TaxonomyTopic } from '../../../taxonomy/types.ts'
import type { TaxonomyRepo, TaxonomyState } from '../../repos/taxonomy.ts'
import type { PgDb } from '../client.ts'

/**
 * The taxonomy's state is one row, which SQLite's migration 0016 inserts. The PostgreSQL
 * baseline does not (migrate-to-postgres copies taxonomy_state into an empty database, and an
 * inserted row would refuse that copy), so here no row means what SQLite's initial row says:
 * the default applies, no version. `replace` creates the row when it is missing.
 */
const DEFAULT_STATE: TaxonomyState = { custom: false, version: null }

export function pgTaxonomyRepo(db: PgDb): TaxonomyRepo {
  return {
    async state(): Promise<TaxonomyState> {
      const row = await db.one<{ custom: number; version: string | null }>(
        'SELECT custom, version FROM taxonomy_state WHERE id = 1',
      )
      return row ? { custom: row.custom === 1, version: row.version } : { ...DEFAULT_STATE }
    },
    async topics(): Promise<TaxonomyTopic[]> {
      const rows = await db.query<{
        name: string
        category: string
        keywords: string
        urls: string
      }>('SELECT name, category, keywords, urls FROM taxonomy_topics ORDER BY position')
      return rows.map((row) => ({
        name: row.name,
        category: row.category,
        keywords: JSON.parse(row.keywords) as string[],
        urls: JSON.parse(row.urls) as string[],
      }))
    },
    async replace(
      items: { key: string; topic: TaxonomyTopic }[],
      version: string,
      now: number,
    ): Promise<void> {
      // All or nothing, and one replacement at a time: the state row, locked first, queues a
      // second replica's replace behind this one (which then compares against this version).
      await db.tx(async (q) => {
        await q.run(
          `INSERT INTO taxonomy_state (id, custom, version, updated_at) VALUES (1, 0, NULL, NULL)
           ON CONFLICT (id) DO NOTHING`,
        )
        const state = await q.one<{ version: string | null }>(
          'SELECT version FROM taxonomy_state WHERE id = 1 FOR UPDATE',
        )
        const changed = state!.version !== version
        await q.run('DELETE FROM taxonomy_topics')
        if (items.length > 0)
          await q.run(
            `INSERT INTO taxonomy_topics (position, key, name, category, keywords, urls)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
            [
              items.map((_, position) => position),
              items.map((item) => item.key),
              items.map((item) => item.topic.name),
              items.map((item) => item.topic.category),
              items.map((item) => JSON.stringify(item.topic.keywords)),
              items.map((item) => JSON.stringify(item.topic.urls)),
            ],
          )
        await q.run(
          'UPDATE taxonomy_state SET custom = 1, version = $1, updated_at = $2 WHERE id = 1',
          [version, now],
        )
        // Sorted, so it locks dirty rows in the order markDirty does.
        if (changed)
          await q.run(
            `INSERT INTO dirty_accounts (account_id, since)
             SELECT DISTINCT account_id, $1::bigint FROM topic_surges ORDER BY account_id
             ON CONFLICT (account_id) DO UPDATE SET since = excluded.since`,
            [now],
          )
      })
    },
  }
}
