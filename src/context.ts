import { readFileSync } from 'node:fs'
import { type Clock, systemClock } from './clock.ts'
import { type Config, ConfigError, resolveErasureSecret } from './config.ts'
import type { Ctx } from './domain/context.ts'
import { taxonomyCache } from './domain/taxonomy.ts'
import { createLogger, type Logger } from './logger.ts'
import { type Lookup, outboundPolicy } from './outbound/policy.ts'
import { loadScoringConfig, type ScoringConfig } from './scoring/config.ts'
import { openStore } from './store/index.ts'

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

/** The composition root: one place that turns configuration into the verbs' dependencies. */
export function buildContext(
  config: Config,
  options: { clock?: Clock; logger?: Logger; lookup?: Lookup } = {},
): Ctx {
  const scoring = scoringConfigFrom(config.SCORING_CONFIG)
  const erasureSecret = resolveErasureSecret(config)
  const store = openStore(config.DB_PATH, {
    topicLimit: { maxTopics: scoring.maxTopicsPerWindow, windowDays: scoring.recentDays },
  })
  return {
    store,
    clock: options.clock ?? systemClock,
    config,
    logger: options.logger ?? createLogger(config.LOG_LEVEL),
    scoring,
    outbound: outboundPolicy(config.OUTBOUND_ALLOW_HOSTS, options.lookup),
    erasureSecret,
    taxonomy: taxonomyCache(store),
  }
}
