import type { Clock } from '../clock.ts'
import type { Config } from '../config.ts'
import type { AnswerCache } from './answer-cache.ts'
import type { EventsInFlight } from './events.ts'
import type { KeyCache } from './key-cache.ts'
import type { KeyUseLog } from './key-use.ts'
import type { RateLimiter } from './rate-limiter.ts'
import type { Gate } from './gate.ts'
import type { JobRegistry } from './jobs.ts'
import type { LoopLag } from './loop-lag.ts'
import type { Metrics } from './metrics.ts'
import type { StorageHealth } from './storage-health.ts'
import type { Logger } from '../logger.ts'
import type { OutboundPolicy } from '../outbound/policy.ts'
import type { ScoringConfig } from '../scoring/config.ts'
import type { Store } from '../store/index.ts'
import type { ModelCache } from './in-market.ts'
import type { PeerCache } from './peers.ts'
import type { TaxonomyCache } from './taxonomy.ts'

/** What every domain verb may use. Verbs know nothing of HTTP, CLI or webhooks. */
export interface Ctx {
  store: Store
  clock: Clock
  config: Config
  logger: Logger
  scoring: ScoringConfig
  /** Where score notifications may go, and the resolver that decides what a name means. */
  outbound: OutboundPolicy
  /** Keys the hashes of erased e-mail addresses and domains (see domain/suppressions.ts). */
  erasureSecret: Buffer
  /** The topic taxonomy, compiled once per version (see domain/taxonomy.ts). */
  taxonomy: TaxonomyCache
  /**
   * The process state below is made by the composition root (src/composition-root.ts), one set per
   * service: two services in one process never share it, and each test builds its own.
   */
  /** The API keys' token buckets, shared by every route's auth and the pages. */
  limiter: RateLimiter
  caches: {
    /** Peer baselines per window (see domain/peers.ts). */
    peers: PeerCache
    /** Parsed stored models by id (see domain/in-market.ts). */
    models: ModelCache
    /** Serialized account look-ups by version (see http/routes/accounts/get-account.ts). */
    answers: AnswerCache
    /** Keyed identity hashes for suppression checks (see domain/suppressions.ts). */
    identityHashes: Map<string, Buffer>
    /** Stored API keys by their secret's hash, while nothing is written (see domain/keys.ts). */
    keys: KeyCache
  }
  /** Background jobs started over HTTP (see jobs/registry.ts). */
  jobs: JobRegistry
  /** How many of each kind of long request-time work run at once (see domain/gate.ts). */
  gates: {
    /** Computing the days of a score history nobody stored yet (an account page's first view). */
    historyBackfill: Gate
  }
  /** What /healthz and /readyz report beyond the database (see domain/service-health.ts). */
  health: {
    storage: StorageHealth
    loop: LoopLag
    /** False until the service has started, and again from the moment it begins to stop. */
    ready(): boolean
    /** Settles once what a request would otherwise load first (the title model) is loaded. */
    warmedUp(): Promise<void>
  }
  /** Prometheus metrics, served at /metrics (see domain/metrics.ts). */
  metrics: Metrics
  /** The at-most-once events being applied now (see domain/events.ts). */
  eventsInFlight: EventsInFlight
  /** When each API key's last use was written (see domain/key-use.ts). */
  keyUse: KeyUseLog
}
