import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** What the metrics read from the service when scraped, rather than counting as they go. */
export interface MetricReaders {
  /** Notifications waiting in the outbox (queued or waiting for a retry). */
  outboxPending(): Promise<number>
  /** Intent states waiting to be written to HubSpot companies. */
  hubspotPending(): Promise<number>
  /** The database file with its write-ahead log, in bytes; 0 for an in-memory database. */
  databaseBytes(): number
}

/**
 * The service's Prometheus metrics, one registry per service (never prom-client's global
 * one: two services in one process, or two tests, must not add to each other's counters).
 * Labels carry route patterns, methods and status codes only, never an account, an address
 * or anything a client typed.
 */
export function createMetrics(readers: MetricReaders) {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] })
  const metrics = {
    registry,
    httpRequestDuration: new Histogram({
      name: 'intent_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route pattern, method and status.',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    signalsAccepted: counter('intent_signals_accepted_total', 'Signals stored.'),
    signalsDuplicate: counter(
      'intent_signals_duplicate_total',
      'Signals sent again (same id or same content) and not stored twice.',
    ),
    signalsRejected: counter(
      'intent_signals_rejected_total',
      'Signals refused: in a batch that failed validation, or naming an erased identity.',
    ),
    scoresComputed: counter(
      'intent_scores_computed_total',
      'Account scores computed (look-ups, the refresher, batch runs).',
    ),
    outboxDead: counter(
      'intent_outbox_dead_total',
      'Notifications given up on after their last retry (dead letters).',
    ),
    hubspotGivenUp: counter(
      'intent_hubspot_writeback_given_up_total',
      'HubSpot write-backs given up on after their last retry (a later change queues the account again).',
    ),
  }
  new Gauge({
    name: 'intent_outbox_pending',
    help: 'Notifications waiting in the outbox to be delivered.',
    registers: [registry],
    async collect() {
      this.set(await readers.outboxPending())
    },
  })
  new Gauge({
    name: 'intent_hubspot_writeback_pending',
    help: 'Accounts whose latest intent state waits to be written to their HubSpot company.',
    registers: [registry],
    async collect() {
      this.set(await readers.hubspotPending())
    },
  })
  new Gauge({
    name: 'intent_db_size_bytes',
    help: 'Size of the database file and its write-ahead log.',
    registers: [registry],
    collect() {
      this.set(readers.databaseBytes())
    },
  })
  return metrics
}

export type Metrics = ReturnType<typeof createMetrics>
