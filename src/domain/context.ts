import type { Clock } from '../clock.ts'
import type { Config } from '../config.ts'
import type { Logger } from '../logger.ts'
import type { OutboundPolicy } from '../outbound/policy.ts'
import type { ScoringConfig } from '../scoring/config.ts'
import type { Store } from '../store/index.ts'
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
}
