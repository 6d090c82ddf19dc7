import { latestSchemaVersion } from '../migrate.ts'
import type { Store, StoreOptions } from '../index.ts'
import { DEFAULT_TOPIC_LIMIT } from '../repos/topic-cap.ts'
import { openPgDb, type PgDb, type PgOptions } from './client.ts'
import { loadPgMigrations, migratePg, pgSchemaVersion } from './migrate.ts'
import { pgAccountsRepo } from './repos/accounts.ts'
import { pgActivityRepo } from './repos/activity.ts'
import { pgApiKeysRepo } from './repos/api-keys.ts'
import { pgChangesRepo } from './repos/changes.ts'
import { pgCheckpointsRepo } from './repos/checkpoints.ts'
import { pgCommitteeRepo } from './repos/committee.ts'
import { pgContactsRepo } from './repos/contacts.ts'
import { pgErasureRepo } from './repos/erasure.ts'
import { pgHubSpotRepo } from './repos/hubspot.ts'
import { pgIdentityCache } from './repos/identity.ts'
import { pgModelsRepo } from './repos/models.ts'
import { pgOutboxRepo } from './repos/outbox.ts'
import { pgOutcomesRepo } from './repos/outcomes.ts'
import { pgPeersRepo } from './repos/peers.ts'
import { pgRetopicRepo } from './repos/retopic.ts'
import { pgPagesRepo } from './repos/sales-pages.ts'
import { pgSavedSegmentsRepo } from './repos/saved-segments.ts'
import { pgScoresRepo } from './repos/scores.ts'
import { pgSegmentRepo } from './repos/segment.ts'
import { pgSessionsRepo } from './repos/sessions.ts'
import { pgSettingsRepo } from './repos/settings.ts'
import { pgSignalsRepo } from './repos/signals.ts'
import { pgSuppressionsRepo } from './repos/suppressions.ts'
import { pgTaxonomyRepo } from './repos/taxonomy.ts'
import { pgTopicsRepo } from './repos/topics.ts'
import { pgWebhooksRepo } from './repos/webhooks.ts'

/** Every method of every repository waits for `ready` (the migrations) before its first query. */
function afterReady<T extends object>(ready: Promise<unknown>, repo: T): T {
  const wrapped: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(repo)) {
    wrapped[name] =
      typeof value === 'function'
        ? async (...args: unknown[]) => {
            await ready
            return (value as (...a: unknown[]) => unknown).apply(repo, args)
          }
        : value
  }
  return wrapped as T
}

class UnsupportedOnPostgres extends Error {
  override name = 'UnsupportedOnPostgres'
}

/**
 * The store over PostgreSQL: the same interface as SQLite's (`Store`), so the domain, routes,
 * jobs and pages do not know which engine they run on. Made synchronously like SQLite's, so the
 * composition root stays as it is; the migrations run at once in the background, every query
 * waits for them, and `ready` rejects (as does every query) if they failed.
 */
export function createPgStore(url: string, options: StoreOptions & PgOptions = {}): Store {
  const db: PgDb = openPgDb(url, options)
  const migrations = loadPgMigrations()
  const latest = latestSchemaVersion(migrations)
  const ready = migratePg(db, migrations).then(() => undefined)
  ready.catch(() => {}) // observed by whoever awaits it (serve, tests); never unhandled
  const topicLimit = options.topicLimit ?? DEFAULT_TOPIC_LIMIT
  const identities = pgIdentityCache(db)
  const on = <T extends object>(repo: T) => afterReady(ready, repo)
  const unsupported = (what: string, instead: string) =>
    Promise.reject(new UnsupportedOnPostgres(`${what} is for SQLite; on PostgreSQL ${instead}`))
  return {
    engine: 'postgres' as const,
    ready,
    accounts: on(pgAccountsRepo(db)),
    contacts: on(pgContactsRepo(db, topicLimit, identities)),
    signals: on(pgSignalsRepo(db, topicLimit, identities)),
    outcomes: on(pgOutcomesRepo(db)),
    apiKeys: on(pgApiKeysRepo(db)),
    activity: on(pgActivityRepo(db)),
    peers: on(pgPeersRepo(db)),
    topics: on(pgTopicsRepo(db)),
    models: on(pgModelsRepo(db)),
    scores: on(pgScoresRepo(db)),
    committee: on(pgCommitteeRepo(db)),
    checkpoints: on(pgCheckpointsRepo(db)),
    segment: on(pgSegmentRepo(db)),
    savedSegments: on(pgSavedSegmentsRepo(db)),
    webhooks: on(pgWebhooksRepo(db)),
    outbox: on(pgOutboxRepo(db)),
    hubspot: on(pgHubSpotRepo(db)),
    erasure: on(pgErasureRepo(db, identities)),
    settings: on(pgSettingsRepo(db)),
    pages: on(pgPagesRepo(db)),
    sessions: on(pgSessionsRepo(db)),
    suppressions: on(pgSuppressionsRepo(db)),
    taxonomy: on(pgTaxonomyRepo(db)),
    retopic: on(pgRetopicRepo(db, topicLimit)),
    changes: on(pgChangesRepo(db)),

    async health() {
      try {
        await ready
        return {
          reachable: true,
          schemaVersion: await pgSchemaVersion(db),
          latestSchemaVersion: latest,
        }
      } catch {
        return { reachable: false, schemaVersion: -1, latestSchemaVersion: latest }
      }
    },
    serialize: () => unsupported('A database file snapshot', 'use pg_dump'),
    backup: () => unsupported('intent backup', 'use pg_dump or point-in-time recovery'),
    pragma: () => unsupported('A SQLite pragma', 'see the server settings'),
    async integrityCheck() {
      await ready
      return 'ok' // PostgreSQL checks its own pages (data checksums); there is no pragma to run
    },
    async close() {
      await ready.catch(() => {})
      await db.close()
    },
  }
}

export type PgStore = ReturnType<typeof createPgStore>
