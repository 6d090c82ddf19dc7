import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { LeaderboardFilter } from '../src/records.ts'
import { openStore, type Store } from '../src/store/index.ts'
import type { ScoreSave } from '../src/store/repos/scores.ts'
import { FIT_GRADES, type Label, STAGES } from '../src/vocabulary.ts'
import { benchDir } from './ingest.ts'

type Line = (label: string, value: string, ratio?: string) => void

const ACCOUNTS = 100_000
const PAGE = 500
const ROUNDS = 2
const NOW = Date.UTC(2026, 11, 1)
const COUNTRIES = ['PL', 'DE', 'US']
const INDUSTRIES = ['Software', 'Manufacturing', 'Retail']
const TOPICS = ['ERP', 'CRM', 'Data Warehouse', 'Firewall', 'Payroll', 'CDP']
const CATEGORIES = ['Finance', 'Sales', 'Data & Analytics', 'Security']

/** A spread of the conditions users save, so that segments select different accounts. */
function segmentFilter(i: number): LeaderboardFilter {
  switch (i % 5) {
    case 0:
      return { country: COUNTRIES[i % 3]!, minScore: 40 + (i % 50) }
    case 1:
      return { category: CATEGORIES[i % 4]! }
    case 2:
      return { topic: TOPICS[i % 6]!, labels: ['hot', 'warm'] }
    case 3:
      return { industry: INDUSTRIES[i % 3]!, minEmployees: 50 * (i % 10) }
    default:
      return { fitGrade: FIT_GRADES[i % 4]!, minCoverage: (i % 4) / 4 }
  }
}

const labelOf = (score: number): Label => (score >= 70 ? 'hot' : score >= 40 ? 'warm' : 'cold')

/**
 * One account in five is active (a score of its own, a surging topic and category); the rest
 * share one quiet score, as a batch's quiet accounts do.
 */
function scoreOf(i: number, accountId: number): ScoreSave {
  const active = i % 5 === 0
  const score = active ? (i * 7) % 101 : 5
  return {
    notify: [],
    score: {
      accountId,
      computedAt: NOW,
      modelId: 'bench',
      score,
      probability: score / 100,
      label: labelOf(score),
      stage: active ? STAGES[i % 4]! : 'none',
      fitGrade: FIT_GRADES[i % 4]!,
      surgingTopics: active ? [TOPICS[i % 6]!] : [],
      surgingCategories: active ? [CATEGORIES[i % 4]!] : [],
      committeeCoverage: active ? (i % 5) / 4 : 0,
      body: active ? `{"i":${i}}` : '{"quiet":true}',
    },
  }
}

async function bookWith(path: string, segments: number): Promise<{ store: Store; ids: number[] }> {
  const store = openStore(path)
  for (let start = 0; start < ACCOUNTS; start += 1000) {
    const items = Array.from({ length: Math.min(1000, ACCOUNTS - start) }, (_, k) => {
      const i = start + k
      const patch = {
        name: null,
        industry: INDUSTRIES[i % 3]!,
        country: COUNTRIES[i % 3]!,
        employees: (i * 13) % 1000,
        technologies: [],
        attributes: {},
      }
      return { domain: `b${i}.com`, patch, guard: [] }
    })
    await store.accounts.upsertMany(items, NOW)
  }
  const ids: number[] = []
  for (let i = 0; i < ACCOUNTS; i++) ids.push(i + 1)
  const last = await store.accounts.findWithId(`b${ACCOUNTS - 1}.com`)
  if (last?.id !== ACCOUNTS) throw new Error('account ids are not 1..N')
  for (let s = 0; s < segments; s++) {
    const definition = { name: `s${s}`, description: null, filter: segmentFilter(s) }
    await store.savedSegments.create(`seg_${s}`, definition, NOW, segments)
  }
  return { store, ids }
}

/** Seconds to save every account's score in pages of PAGE, one transaction per page. */
async function saveAll(
  dir: string,
  segments: number,
  round: number,
): Promise<{ seconds: number; members: number }> {
  const path = join(dir, `segments-${segments}-${round}.db`)
  const { store, ids } = await bookWith(path, segments)
  try {
    const started = performance.now()
    for (let start = 0; start < ACCOUNTS; start += PAGE) {
      const page = ids.slice(start, start + PAGE).map((id, k) => scoreOf(start + k, id))
      await store.scores.saveMany(page, Math.floor(NOW / 86_400_000), NOW)
    }
    const seconds = (performance.now() - started) / 1000
    const members = (await store.savedSegments.list()).reduce((sum, s) => sum + s.members, 0)
    return { seconds, members }
  } finally {
    await store.close()
    rmSync(path, { force: true })
    rmSync(`${path}-wal`, { force: true })
    rmSync(`${path}-shm`, { force: true })
  }
}

/**
 * `npm run bench -- --segments`: 100,000 score writes in pages of 500 into a file database,
 * with 0, 10 and 500 saved segments whose membership each write keeps up to date; each
 * figure beside the 0-segment baseline of the same round.
 */
export async function segmentRows(
  line: Line,
  { rounds = ROUNDS, counts = [10, 500] }: { rounds?: number; counts?: number[] } = {},
): Promise<void> {
  const dir = benchDir()
  try {
    for (let round = 1; round <= rounds; round++) {
      const baseline = (await saveAll(dir, 0, round)).seconds
      line(
        `segments r${round}: 100,000 score writes, no segment`,
        `${baseline.toFixed(2)} s`,
        '1.00',
      )
      for (const segments of counts) {
        const { seconds, members } = await saveAll(dir, segments, round)
        line(
          `segments r${round}: the same with ${segments} segments`,
          `${seconds.toFixed(2)} s (${members.toLocaleString('en-US')} entries)`,
          `${(seconds / baseline).toFixed(2)} of none`,
        )
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
