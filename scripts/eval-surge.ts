/**
 * `npm run eval:surge`: generates the default fixtures, loads them through the API's schemas
 * and verbs into a fresh database, scores every account × topic as of the fixtures' anchor,
 * and compares "surging" (score above the threshold) with the planted truth.
 * Exits 1 when precision < 0.9 or recall < 0.8.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultFixtureOptions, plantedTruth } from '../src/demo/generate.ts'
import { loadConfig } from '../src/config.ts'
import { buildContext } from '../src/composition-root.ts'
import { accountIntent } from '../src/domain/intent.ts'
import { topicKey } from '../src/ingest/identity.ts'
import { loadFixtures } from '../src/jobs/load-fixtures.ts'

const accounts = Number(
  process.argv.find((arg) => arg.startsWith('--accounts='))?.split('=')[1] ??
    defaultFixtureOptions.accounts,
)
const options = { ...defaultFixtureOptions, accounts }
const dir = mkdtempSync(join(tmpdir(), 'intent-eval-'))
const ctx = buildContext(loadConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent' }))
const started = performance.now()
const counts = await loadFixtures(ctx, options)
const loadedIn = (performance.now() - started) / 1000
console.log(
  `loaded ${counts.accounts} accounts, ${counts.contacts} contacts, ${counts.signals} signals, ${counts.outcomes} outcomes in ${loadedIn.toFixed(1)} s (${Math.round(counts.signals / loadedIn)} signals/s)`,
)

const truth = plantedTruth(options)
const asOf = Date.parse(truth.asOf)
const pair = (domain: string, topic: string) => `${domain}|${topicKey(topic)}`
const planted = new Set(truth.currentSurges.map((surge) => pair(surge.domain, surge.topic)))
const plantedLift = new Map(
  truth.currentSurges.map((surge) => [pair(surge.domain, surge.topic), surge.lift]),
)
/** (planted lift, score) of the planted pairs on a topic the account already followed. */
const liftAndScore: [number, number][] = []

const falsePositives: string[] = []
const predicted = new Set<string>()
const plantedScores: number[] = []
const otherScores: number[] = []
const scoringStarted = performance.now()
for (const domain of new Set([
  ...(await ctx.store.accounts.list(null, 1_000_000)).items.map((a) => a.domain),
])) {
  const intent = await accountIntent(ctx, domain, asOf)
  for (const topic of intent.topics) {
    const key = pair(domain, topic.topic)
    if (topic.surge > ctx.scoring.surgeThreshold) predicted.add(key)
    if (topic.surge > ctx.scoring.surgeThreshold && !planted.has(key)) {
      falsePositives.push(
        `${domain} ${topic.topic}: surge ${topic.surge} recent ${topic.recent} expected ${topic.expected} baseline/wk ${topic.baseline} contacts ${topic.contacts}`,
      )
    }
    ;(planted.has(key) ? plantedScores : otherScores).push(topic.surge)
    const lift = plantedLift.get(key)
    if (lift !== undefined && Number.isFinite(lift)) liftAndScore.push([lift, topic.surge])
  }
}
const scoredIn = (performance.now() - scoringStarted) / 1000

const truePositives = [...predicted].filter((key) => planted.has(key)).length
const precision = predicted.size === 0 ? 0 : truePositives / predicted.size
const recall = planted.size === 0 ? 0 : truePositives / planted.size
const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return [0.1, 0.5, 0.9]
    .map((q) => sorted[Math.floor(q * (sorted.length - 1))]?.toFixed(1) ?? '-')
    .join(' / ')
}

console.log(
  `scored ${plantedScores.length + otherScores.length} account × topic pairs in ${scoredIn.toFixed(1)} s`,
)
console.log(
  `planted surging pairs: ${planted.size}; predicted (surge > ${ctx.scoring.surgeThreshold}): ${predicted.size}; correct: ${truePositives}`,
)
console.log(
  `surge p10 / p50 / p90 — planted: ${quantiles(plantedScores)}; others: ${quantiles(otherScores)}`,
)
/** Ranks with ties sharing their mean rank. */
const ranks = (values: number[]) => {
  const order = values.map((value, i) => [value, i] as const).sort((a, b) => a[0] - b[0])
  const out = new Array<number>(values.length)
  for (let start = 0; start < order.length; ) {
    let end = start
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++
    for (let k = start; k <= end; k++) out[order[k]![1]] = (start + end) / 2 + 1
    start = end + 1
  }
  return out
}
const pearson = (x: number[], y: number[]) => {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length
  const [mx, my] = [mean(x), mean(y)]
  let sxy = 0
  let sxx = 0
  let syy = 0
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i]! - my)
    sxx += (xi - mx) ** 2
    syy += (y[i]! - my) ** 2
  })
  return sxy / Math.sqrt(sxx * syy)
}
const spearman = pearson(
  ranks(liftAndScore.map(([lift]) => lift)),
  ranks(liftAndScore.map(([, score]) => score)),
)
const distinctScores = new Set(plantedScores.map((score) => score.toFixed(1))).size
console.log(
  `rank correlation (Spearman) of planted lift and surge, ${liftAndScore.length} planted pairs on a topic already followed: ${spearman.toFixed(3)}; ${distinctScores} distinct scores among ${plantedScores.length} planted pairs`,
)
console.log(`precision ${precision.toFixed(3)} (target ≥ 0.9)`)
console.log(`recall    ${recall.toFixed(3)} (target ≥ 0.8)`)
if (process.argv.includes('--verbose')) console.log(falsePositives.join('\n'))
await ctx.store.close()
rmSync(dir, { recursive: true, force: true })
process.exitCode = precision >= 0.9 && recall >= 0.8 ? 0 : 1
