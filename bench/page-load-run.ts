import { rmSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname } from 'node:path'
import { buildLookupDatabase } from './build-db.ts'
import { benchDir } from './ingest.ts'
import { KEY, load, serve } from './lookup.ts'
import { probeHealth, signIn } from './page-load.ts'

/**
 * `npm run bench -- --load`: what `/healthz` answers while sellers open account pages, on
 * the 5,000-account demo book with nothing scored yet (every page a first view). The
 * baselines, in the same run: the probe on an idle service, and under the same number of
 * connections asking `/ping`.
 */
const ACCOUNTS = 5_000
const SIGNALS = 250_000
const CONNECTIONS = 200
const SECONDS = Number(process.env.LOAD_SECONDS ?? 15)

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const line = (label: string, value: string, note = '') =>
  console.log(`${label.padEnd(58)} ${value.padEnd(48)} ${note}`)
const probeText = (p: { p50: number; p99: number; max: number; samples: number }) =>
  `p50 ${p.p50} ms, p99 ${p.p99} ms, max ${p.max} ms (${p.samples})`

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`,
)
const built = buildLookupDatabase(benchDir(), ACCOUNTS, SIGNALS)
line(
  'data: demo book, bulk-loaded, nothing scored',
  `${fmt(ACCOUNTS)} accounts, ${fmt(built.signals)} signals`,
)
const served = await serve(built.path)
try {
  const cookie = await signIn(served.base, KEY)
  const idle = (await probeHealth(served.base, new Promise((r) => setTimeout(r, 3_000))))[1]
  line('healthz baseline: idle service', probeText(idle), '1.00')
  const [hello, underPing] = await probeHealth(
    served.base,
    load(served.base, SECONDS, CONNECTIONS, ['/ping']),
  )
  line(
    `healthz under GET /ping, ${CONNECTIONS} connections`,
    probeText(underPing),
    `${(underPing.p99 / Math.max(idle.p99, 0.1)).toFixed(1)}× idle p99 (ping ${fmt(hello.rps)} req/s)`,
  )
  const domains = await accountDomains(served.base)
  const paths = domains.map((domain) => `/accounts/${domain}`)
  const [pages, underPages] = await probeHealth(
    served.base,
    load(served.base, SECONDS, CONNECTIONS, paths, { cookie }),
  )
  line(
    `pages: GET /accounts/{domain}, first views, ${CONNECTIONS} connections`,
    `${fmt(pages.rps)} req/s, p50 ${pages.p50} ms, p99 ${pages.p99} ms`,
    `${fmt(pages.total)} pages${pages.errors + pages.non2xx > 0 ? `, errors ${pages.errors}, non-2xx ${pages.non2xx}` : ''}`,
  )
  line(
    `healthz under the page load`,
    probeText(underPages),
    `${(underPages.p99 / Math.max(idle.p99, 0.1)).toFixed(1)}× idle p99 (target p99 < 100 ms)`,
  )
} finally {
  await served.stop()
  rmSync(dirname(built.path), { recursive: true, force: true })
}

/** Every account's domain, in the book's order (first views: none is scored or cached yet). */
async function accountDomains(base: string): Promise<string[]> {
  const domains: string[] = []
  let cursor: string | null = null
  do {
    const query = new URLSearchParams({ limit: '500', ...(cursor ? { cursor } : {}) })
    const page = (await (
      await fetch(`${base}/v1/accounts?${query}`, { headers: { authorization: `Bearer ${KEY}` } })
    ).json()) as { data: { domain: string }[]; nextCursor: string | null }
    domains.push(...page.data.map((account) => account.domain))
    cursor = page.nextCursor
  } while (cursor !== null)
  return domains
}
