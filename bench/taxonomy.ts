import { join } from 'node:path'
import { DEFAULT_TAXONOMY } from '../src/taxonomy/default.ts'
import { compileTaxonomy } from '../src/taxonomy/match.ts'
import type { TopicEvidence } from '../src/taxonomy/types.ts'
import { listeningPort, runIntent } from '../test/helpers/spawn.ts'

/**
 * What deriving topics costs ingest: the same 5,000-signal batches posted twice, once without
 * topics (derived from their url, title or query against the shipped taxonomy) and once with
 * the topics the taxonomy derives for them sent explicitly (no matching), each to its own
 * `intent serve` process and database, alternating batch by batch so that the machine's noise
 * falls on both.
 */

const BATCH = 5000
const PREFIXES = ['How to choose', 'Jak wybrać', 'Как выбрать', 'Vergleich:', 'Best', 'Najlepsze']
const SUFFIXES = ['in 2026', 'dla firm', 'для бизнеса', 'für den Mittelstand', 'guide', 'ranking']
const NOISE = [
  'Quarterly results',
  'Our team',
  'Kontakt',
  'О компании',
  'Karriere',
  'Press release',
]

/** Deterministic signals: evidence from the taxonomy's own keywords and patterns, a fifth matching nothing. */
function benchSignals(count: number) {
  const start = Date.UTC(2026, 4, 1)
  let seed = 7
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  return Array.from({ length: count }, (_, i) => {
    const topic = DEFAULT_TAXONOMY[next(DEFAULT_TAXONOMY.length)]!
    const keyword = topic.keywords[next(topic.keywords.length)]!
    const base = {
      id: `tax-${i}`,
      account: `company${next(400)}.com`,
      contact: `person${next(9)}@company${next(400)}.com`,
      occurredAt: new Date(start + ((i * 7919) % (180 * 86_400)) * 1000).toISOString(),
    }
    const kind = next(5)
    const evidence: TopicEvidence & { type: string } =
      kind === 0
        ? {
            type: 'web_visit',
            title: `${NOISE[next(NOISE.length)]} ${i % 97}`,
            url: `https://www.vendor${next(50)}.example/about/${i % 89}`,
          }
        : kind === 1 && topic.urls.length > 0
          ? {
              type: 'web_visit',
              url: `https://www.${topic.urls[next(topic.urls.length)]!.replace('*.', 'app.').replaceAll('*', `page-${i % 31}`)}`,
            }
          : kind === 2
            ? { type: 'search', query: `${keyword} ${SUFFIXES[next(SUFFIXES.length)]}` }
            : {
                type: 'content',
                title: `${PREFIXES[next(PREFIXES.length)]} ${keyword} ${SUFFIXES[next(SUFFIXES.length)]} #${i % 113}`,
                url: `https://www.vendor${next(50)}.example/blog/post-${i % 211}`,
              }
    return { ...base, ...evidence }
  })
}

async function server(path: string) {
  const key = 'bench-admin-key-0123456789abcdef'
  const running = runIntent(['serve'], {
    DB_PATH: path,
    PORT: '0',
    ADMIN_API_KEY: key,
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '0',
  })
  const port = await listeningPort(running)
  const post = async (body: string) => {
    const response = await fetch(`http://127.0.0.1:${port}/v1/signals`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    })
    if (response.status !== 200)
      throw new Error(`ingest answered ${response.status}: ${await response.text()}`)
    await response.arrayBuffer()
  }
  const close = async () => {
    running.child.kill('SIGTERM')
    await running.exited
  }
  return { post, close }
}

export interface TaxonomyBench {
  batches: number
  /** Signals per second with explicit topics, and without (derived). */
  explicit: number
  derived: number
  /** The matcher alone on one batch's evidence, and the share of a batch's ingest it is. */
  matchMs: number
  matchShare: number
  /** Signals the taxonomy gave a topic. */
  matched: number
}

export async function taxonomyIngestCost(dir: string, batches: number): Promise<TaxonomyBench> {
  const signals = benchSignals(batches * BATCH)
  const taxonomy = compileTaxonomy(DEFAULT_TAXONOMY)
  const derivedTopics = signals.map((signal) => taxonomy.match(signal)?.topic)
  const withTopics = signals.map((signal, i) =>
    derivedTopics[i] === undefined ? signal : { ...signal, topic: derivedTopics[i] },
  )
  const bodies = (list: object[]) =>
    Array.from({ length: batches }, (_, b) =>
      JSON.stringify({ signals: list.slice(b * BATCH, (b + 1) * BATCH) }),
    )
  const explicitBodies = bodies(withTopics)
  const derivedBodies = bodies(signals)
  const explicitServer = await server(join(dir, 'explicit.db'))
  const derivedServer = await server(join(dir, 'derived.db'))
  const time = async (work: () => Promise<void>) => {
    const started = performance.now()
    await work()
    return performance.now() - started
  }
  let explicitMs = 0
  let derivedMs = 0
  try {
    // A warm-up batch each (compilation, prepared statements, JIT), not counted.
    await explicitServer.post(explicitBodies[0]!)
    await derivedServer.post(derivedBodies[0]!)
    for (let b = 1; b < batches; b++) {
      if (b % 2 === 0) {
        explicitMs += await time(() => explicitServer.post(explicitBodies[b]!))
        derivedMs += await time(() => derivedServer.post(derivedBodies[b]!))
      } else {
        derivedMs += await time(() => derivedServer.post(derivedBodies[b]!))
        explicitMs += await time(() => explicitServer.post(explicitBodies[b]!))
      }
    }
  } finally {
    await explicitServer.close()
    await derivedServer.close()
  }
  const counted = (batches - 1) * BATCH
  let matchMs = Number.POSITIVE_INFINITY
  for (let round = 0; round < 5; round++) {
    const slice = signals.slice((round % batches) * BATCH, ((round % batches) + 1) * BATCH)
    matchMs = Math.min(matchMs, await time(async () => void slice.map((s) => taxonomy.match(s))))
  }
  return {
    batches: batches - 1,
    explicit: counted / (explicitMs / 1000),
    derived: counted / (derivedMs / 1000),
    matchMs,
    matchShare: matchMs / (explicitMs / (batches - 1)),
    matched: derivedTopics.filter((topic) => topic !== undefined).length / signals.length,
  }
}
