import { openDb, type Db, type OpenDbOptions } from './db.ts'
import { registerFold } from './fold.ts'
import { latestSchemaVersion, schemaVersion } from './migrate.ts'
import { accountsRepo } from './repos/accounts.ts'
import { activityRepo } from './repos/activity.ts'
import { apiKeysRepo } from './repos/api-keys.ts'
import { changesRepo } from './repos/changes.ts'
import { checkpointsRepo } from './repos/checkpoints.ts'
import { committeeRepo } from './repos/committee.ts'
import { contactsRepo } from './repos/contacts.ts'
import { erasureRepo } from './repos/erasure.ts'
import { identityCache } from './repos/identity.ts'
import { hubspotRepo } from './repos/hubspot.ts'
import { modelsRepo } from './repos/models.ts'
import { outboxRepo } from './repos/outbox.ts'
import { outcomesRepo } from './repos/outcomes.ts'
import { pagesRepo } from './repos/sales-pages.ts'
import { peersRepo } from './repos/peers.ts'
import { retopicRepo } from './repos/retopic.ts'
import { savedSegmentsRepo } from './repos/saved-segments.ts'
import { scoresRepo } from './repos/scores.ts'
import { segmentRepo } from './repos/segment.ts'
import { sessionsRepo } from './repos/sessions.ts'
import { settingsRepo } from './repos/settings.ts'
import { signalsRepo } from './repos/signals.ts'
import { suppressionsRepo } from './repos/suppressions.ts'
import { taxonomyRepo } from './repos/taxonomy.ts'
import { DEFAULT_TOPIC_LIMIT, type TopicLimit } from './repos/topic-cap.ts'
import { topicsRepo } from './repos/topics.ts'
import { webhooksRepo } from './repos/webhooks.ts'

/**
 * The one door to persistence. Every method is async so that a server database could sit
 * behind the same interface; with SQLite each call is one synchronous transaction inside.
 */
export interface StoreOptions {
  /** Distinct topics per account per window before new ones are stored without their topic. */
  topicLimit?: TopicLimit
}

export function createStore(db: Db, options: StoreOptions = {}) {
  registerFold(db)
  const ping = db.prepare('SELECT 1')
  const latest = latestSchemaVersion()
  const topicLimit = options.topicLimit ?? DEFAULT_TOPIC_LIMIT
  // Ingest's ids of accounts and contacts; the writers that can make one wrong tell it.
  const identities = identityCache(db)
  return {
    engine: 'sqlite' as 'sqlite' | 'postgres',
    /** Resolved once the schema is current (SQLite migrates while opening, so at once). */
    ready: Promise.resolve(),
    accounts: accountsRepo(db),
    contacts: contactsRepo(db, topicLimit, identities),
    signals: signalsRepo(db, topicLimit, identities),
    outcomes: outcomesRepo(db),
    apiKeys: apiKeysRepo(db),
    activity: activityRepo(db),
    peers: peersRepo(db),
    topics: topicsRepo(db),
    models: modelsRepo(db),
    scores: scoresRepo(db),
    committee: committeeRepo(db),
    checkpoints: checkpointsRepo(db),
    segment: segmentRepo(db),
    savedSegments: savedSegmentsRepo(db),
    webhooks: webhooksRepo(db),
    outbox: outboxRepo(db),
    hubspot: hubspotRepo(db),
    erasure: erasureRepo(db, identities),
    settings: settingsRepo(db),
    pages: pagesRepo(db),
    sessions: sessionsRepo(db),
    suppressions: suppressionsRepo(db),
    taxonomy: taxonomyRepo(db),
    retopic: retopicRepo(db, topicLimit),
    changes: changesRepo(db),

    async health(): Promise<{
      reachable: boolean
      schemaVersion: number
      latestSchemaVersion: number
    }> {
      try {
        ping.get()
        return { reachable: true, schemaVersion: schemaVersion(db), latestSchemaVersion: latest }
      } catch {
        return { reachable: false, schemaVersion: -1, latestSchemaVersion: latest }
      }
    },

    /** The whole database as the bytes of a database file: a snapshot to open elsewhere. */
    async serialize(): Promise<Buffer> {
      return db.serialize()
    },

    /**
     * A consistent copy through SQLite's online backup API: pages are copied in steps while
     * other connections keep reading and writing; the copy is a snapshot of one moment.
     */
    async backup(destination: string): Promise<{ pages: number }> {
      const result = await db.backup(destination)
      return { pages: result.totalPages }
    },

    /** A connection setting, for health checks and tests. */
    async pragma(name: 'secure_delete' | 'journal_mode' | 'synchronous' | 'foreign_keys') {
      return db.pragma(name, { simple: true }) as number | string
    },

    async integrityCheck(): Promise<string> {
      return String(db.pragma('integrity_check', { simple: true }))
    },

    async close(): Promise<void> {
      if (db.open) db.close()
    },
  }
}

export type Store = ReturnType<typeof createStore>

export function openStore(path: string, options: OpenDbOptions & StoreOptions = {}): Store {
  return createStore(openDb(path, options), options)
}
