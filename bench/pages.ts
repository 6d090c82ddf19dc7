import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { buildLookupDatabase } from './build-db.ts'
import { benchDir } from './ingest.ts'
import { batchScore, KEY, serve } from './lookup.ts'
import { signIn } from './page-load.ts'

/** Median of `n` timings of one page request with the session cookie (ms). */
async function timed(base: string, cookie: string, path: string, n = 1): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < n; i++) {
    const started = performance.now()
    const response = await fetch(`${base}${path}`, { headers: { cookie } })
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`)
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

async function api<T>(base: string, path: string): Promise<T> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${KEY}` } })
  return (await response.json()) as T
}

export interface PageFigures {
  top: string
  firstView: number
  warmView: number
  next: string
  nextFirstView: number
  topic: string
  topicAccounts: number
  topicFirst: number
  topicWarm: number
  filter: string
  unfiltered: number
  filtered: number
}

/**
 * The sales pages as a seller meets them in the morning, one request at a time, each beside
 * its warm baseline measured in the same run: the top account's page on first sight and warm,
 * the next account's first view, the most followed topic's page, and the leaderboard with and
 * without an industry and country filter.
 */
export async function pageFigures(base: string, cookie: string): Promise<PageFigures> {
  const { data: accounts } = await api<{
    data: { domain: string; industry: string | null; country: string | null }[]
  }>(base, '/v1/accounts?sort=score&limit=2')
  const [top, next] = [accounts[0]!, accounts[1]!]
  const firstView = await timed(base, cookie, `/accounts/${top.domain}`)
  const warmView = await timed(base, cookie, `/accounts/${top.domain}`, 5)
  const nextFirstView = await timed(base, cookie, `/accounts/${next.domain}`)
  const { data: topics } = await api<{ data: { topic: string; accounts: number }[] }>(
    base,
    '/v1/topics?limit=1',
  )
  const popular = topics[0]!
  const topicPath = `/topics/${encodeURIComponent(popular.topic)}`
  const topicFirst = await timed(base, cookie, topicPath)
  const topicWarm = await timed(base, cookie, topicPath, 5)
  const filter = new URLSearchParams({
    label: 'all',
    industry: top.industry ?? '',
    country: top.country ?? '',
  })
  const unfiltered = await timed(base, cookie, '/?label=all', 5)
  const filtered = await timed(base, cookie, `/?${filter}`, 5)
  return {
    top: top.domain,
    firstView,
    warmView,
    next: next.domain,
    nextFirstView,
    topic: popular.topic,
    topicAccounts: popular.accounts,
    topicFirst,
    topicWarm,
    filter: `${top.industry} + ${top.country}`,
    unfiltered,
    filtered,
  }
}

type Line = (label: string, value: string, ratio?: string) => void

/** Builds the 5,000-account demo book, scores it as the nightly batch would, and prints the page rows. */
export async function pageRows(line: Line): Promise<void> {
  const built = buildLookupDatabase(benchDir(), 5_000, 250_000)
  await batchScore(built.path, 5_000)
  const served = await serve(built.path)
  try {
    const cookie = await signIn(served.base, KEY)
    const f = await pageFigures(served.base, cookie)
    const ms = (n: number) => `${n.toFixed(1)} ms`
    const x = (n: number, d: number) => `${(n / d).toFixed(1)}×`
    line('pages baseline: a warm account page (5,000-account book)', ms(f.warmView), '1.00')
    line(
      'pages: the top account, first view of the day',
      ms(f.firstView),
      `${x(f.firstView, f.warmView)} warm (target ≤ 10×)`,
    )
    line(
      "pages: the next account's first view",
      ms(f.nextFirstView),
      `${x(f.nextFirstView, f.warmView)} warm (target ≤ 5×)`,
    )
    line(
      `pages: the most followed topic (${f.topicAccounts} accounts), first / warm`,
      `${ms(f.topicFirst)} / ${ms(f.topicWarm)}`,
      `${x(f.topicFirst, f.warmView)} / ${x(f.topicWarm, f.warmView)} a warm account page (target ≤ 10×)`,
    )
    line('pages baseline: the leaderboard, all labels', ms(f.unfiltered), '1.00')
    line(
      `pages: the leaderboard filtered by ${f.filter}`,
      ms(f.filtered),
      `${x(f.filtered, f.unfiltered)} unfiltered (target ≤ 3×)`,
    )
  } finally {
    await served.stop()
    rmSync(dirname(built.path), { recursive: true, force: true })
  }
}
