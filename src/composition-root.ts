import { readFileSync, statSync } from 'node:fs'
import { type Clock, systemClock } from './clock.ts'
import { type Config, ConfigError, resolveErasureSecret } from './config.ts'
import type { Ctx } from './domain/context.ts'
import { createKeyUseLog, keyUsesWritten } from './domain/key-use.ts'
import { createPeerCache } from './domain/peers.ts'
import { taxonomyCache } from './domain/taxonomy.ts'
import { preloadShippedTitleModel } from './committee/title-model.ts'
import { AnswerCache } from './domain/answer-cache.ts'
import { KeyCache } from './domain/key-cache.ts'
import { prepareHistoryBaselines } from './domain/score-history.ts'
import { createGate } from './domain/gate.ts'
import { LoopLag } from './domain/loop-lag.ts'
import { createMetrics } from './domain/metrics.ts'
import { reportBackgroundFailure, StorageHealth } from './domain/storage-health.ts'
import { rateLimiter } from './domain/rate-limiter.ts'
import { createDeliveryWorker, type DeliveryWorkerOptions } from './jobs/delivery-worker.ts'
import { createHubSpotWorker, type HubSpotWorkerOptions } from './jobs/hubspot-worker.ts'
import { createJobRegistry } from './jobs/registry.ts'
import { createScoreRefresher, type RefresherOptions } from './jobs/score-refresher.ts'
import { createLogger, type Logger } from './logger.ts'
import { type Lookup, outboundPolicy } from './outbound/policy.ts'
import { loadScoringConfig, type ScoringConfig } from './scoring/config.ts'
import { openStore } from './store/index.ts'
import { createPgStore } from './store/pg/index.ts'

/** The database file and its write-ahead log: what the database takes on its volume. */
function databaseBytes(path: string): number {
  let bytes = 0
  for (const file of [path, `${path}-wal`]) {
    try {
      bytes += statSync(file).size
    } catch {
      // No WAL between checkpoints, or the file is gone: it takes no space.
    }
  }
  return bytes
}

/** Two cores: two backfills keep both busy (one computing while the other reads). */
const HISTORY_BACKFILLS_AT_ONCE = 2

/** 32 MB: some 5,000 look-up answers of the accounts sellers are looking at. */
const ANSWER_CACHE_BYTES = 32 * 2 ** 20

/** More keys than a deployment makes: past it the key cache starts again, read by read. */
const KEY_CACHE_ENTRIES = 10_000

function scoringConfigFrom(path: string | undefined): ScoringConfig {
  if (path === undefined) return loadScoringConfig(undefined)
  try {
    return loadScoringConfig(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration:\n  SCORING_CONFIG: cannot use ${path}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

export interface ContextOptions {
  clock?: Clock
  logger?: Logger
  lookup?: Lookup
  /** The score refresher's interval and batch (tests make a batch slow to watch shutdown). */
  refresher?: RefresherOptions
  /** The delivery worker's interval, round and whether stopping sends a last round. */
  deliveries?: DeliveryWorkerOptions
  /** The HubSpot write-back worker's interval (it runs only with HUBSPOT_ACCESS_TOKEN set). */
  hubspot?: HubSpotWorkerOptions
}

/**
 * A service: the verbs' context, and the lifecycle of the background work it owns. Nothing
 * runs until `start()`; `stop()` is idempotent and always ends with the database closed.
 */
export interface Runtime extends Ctx {
  /** Starts the score refresher, the delivery worker and, when configured, the HubSpot worker. */
  start(): void
  /**
   * Takes no new background work (refresh rounds, delivery rounds, jobs), then awaits, in
   * order: the score refresh in flight, the running jobs (asked to stop between accounts),
   * the delivery round in flight (and the last round, if configured), the HubSpot round in
   * flight, the key uses not yet written; then closes the database.
   */
  stop(): Promise<void>
}

/**
 * The composition root: one place that turns configuration into the verbs' dependencies, and
 * the only place process state (limiter, caches, job registry, events in flight, key-use log,
 * refresher, delivery worker, HubSpot worker) is made, so that two services in one process
 * share none of it.
 */
export function buildContext(config: Config, options: ContextOptions = {}): Runtime {
  const scoring = scoringConfigFrom(config.SCORING_CONFIG)
  const erasureSecret = resolveErasureSecret(config)
  const topicLimit = { maxTopics: scoring.maxTopicsPerWindow, windowDays: scoring.recentDays }
  const store =
    config.DATABASE_URL === undefined
      ? openStore(config.DB_PATH, { topicLimit })
      : createPgStore(config.DATABASE_URL, { topicLimit })
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? createLogger(config.LOG_LEVEL)
  // A SQLite file whose volume this process can watch; a PostgreSQL server watches its own.
  const onDisk = config.DATABASE_URL === undefined && config.DB_PATH !== ':memory:'
  let lifecycle: 'created' | 'started' | 'stopping' = 'created'
  const warm = { done: false, promise: Promise.resolve(), baselines: Promise.resolve() }
  const ctx: Ctx = {
    store,
    clock,
    config,
    logger,
    scoring,
    outbound: outboundPolicy(config.OUTBOUND_ALLOW_HOSTS, options.lookup),
    erasureSecret,
    taxonomy: taxonomyCache(store),
    limiter: rateLimiter({ config, clock }),
    caches: {
      peers: createPeerCache(),
      models: new Map(),
      answers: new AnswerCache(ANSWER_CACHE_BYTES),
      identityHashes: new Map(),
      keys: new KeyCache(KEY_CACHE_ENTRIES),
    },
    jobs: createJobRegistry(),
    gates: { historyBackfill: createGate(HISTORY_BACKFILLS_AT_ONCE) },
    health: {
      storage: new StorageHealth(clock, logger, onDisk ? config.DB_PATH : null),
      loop: new LoopLag(),
      ready: () => lifecycle === 'started' && warm.done,
      warmedUp: () => warm.promise,
    },
    metrics: createMetrics({
      outboxPending: () => store.outbox.pendingCount(),
      hubspotPending: () => store.hubspot.pendingCount(),
      databaseBytes: () => (onDisk ? databaseBytes(config.DB_PATH) : 0),
    }),
    eventsInFlight: new Map(),
    keyUse: createKeyUseLog(),
  }
  const refresher = createScoreRefresher(ctx, options.refresher)
  const deliveries = createDeliveryWorker(ctx, options.deliveries)
  const hubspot =
    config.HUBSPOT_ACCESS_TOKEN === undefined ? null : createHubSpotWorker(ctx, options.hubspot)
  let stopping: Promise<void> | undefined
  const stop = async () => {
    lifecycle = 'stopping'
    ctx.health.loop.stop()
    refresher.halt()
    deliveries.halt()
    hubspot?.halt()
    const jobs = ctx.jobs.stop()
    try {
      await refresher.stop()
      await jobs
      await deliveries.stop()
      await hubspot?.stop()
      await keyUsesWritten(ctx)
      await warm.baselines
    } finally {
      await store.close()
    }
  }
  return Object.assign(ctx, {
    start() {
      if (lifecycle !== 'created') return
      lifecycle = 'started'
      ctx.health.loop.start()
      // Off the request path: the title model's file (ready waits for it), and the stored peer
      // baselines of the account pages' charts (nobody waits; a page that comes first shares them).
      warm.promise = preloadShippedTitleModel()
        .catch((error: unknown) => logger.warn({ err: error }, 'could not preload the title model'))
        .finally(() => {
          warm.done = true
        })
      warm.baselines = prepareHistoryBaselines(ctx, clock.now()).catch((error: unknown) =>
        reportBackgroundFailure(ctx, error, 'could not prepare the history baselines'),
      )
      refresher.start()
      deliveries.start()
      hubspot?.start()
    },
    stop: () => {
      stopping ??= stop()
      return stopping
    },
  })
}
