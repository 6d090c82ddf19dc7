/**
 * `npm run eval:model`: loads the default fixtures, trains the in-market model point-in-time on
 * the outcomes before the fixtures' anchor (80 % of accounts), then scores every account as of
 * the anchor and reports, for the 20 % holdout accounts, the ROC AUC separating the planted
 * in-market accounts from the rest, and a calibration table against the opportunities that
 * really opened in the 90 days after the anchor. Exits 1 when that AUC is below 0.85.
 * `--write models/default.json` saves the trained model (how the shipped default is made).
 */
import { writeFileSync } from 'node:fs'
import {
  defaultFixtureOptions,
  generateFutureOutcomes,
  plantedTruth,
} from '../fixtures/generate.ts'
import { fixedClock } from '../src/clock.ts'
import { testConfig } from '../src/config.ts'
import { buildContext } from '../src/context.ts'
import { scoreAccount } from '../src/domain/in-market.ts'
import { isHoldout, trainModel } from '../src/domain/training.ts'
import { loadFixtures } from '../src/jobs/load-fixtures.ts'
import { DAY_MS } from '../src/scoring/activity.ts'
import { calibrationTable, rocAuc } from '../src/scoring/metrics.ts'

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1)
const options = defaultFixtureOptions
const asOf = Date.parse(options.asOf)
const ctx = buildContext(testConfig({ DB_PATH: ':memory:' }), { clock: fixedClock(asOf) })

let started = performance.now()
const counts = await loadFixtures(ctx, options)
console.log(
  `loaded ${counts.accounts} accounts, ${counts.signals} signals, ${counts.outcomes} outcomes in ${seconds(started)} s`,
)

started = performance.now()
const result = await trainModel(ctx, { asOf, horizonDays: 90 })
if (!result.trained) {
  console.log(`not trained: ${result.reason}`)
  process.exit(1)
}
const { model } = result
console.log(
  `trained ${model.id} in ${seconds(started)} s on ${model.snapshots} snapshots (${model.samples.positives} positive, ${model.samples.negatives} negative examples)`,
)
console.log(
  `training holdout (future opportunities from past snapshots): AUC ${model.metrics.auc?.toFixed(3)}, log loss ${model.metrics.logLoss?.toFixed(3)}, Brier ${model.metrics.brier?.toFixed(3)}`,
)

const truth = plantedTruth(options)
const inMarket = new Set(truth.inMarketAccounts)
const opened = new Set(
  [...generateFutureOutcomes(options)]
    .filter((o) => o.type === 'opportunity' && Date.parse(o.occurredAt) <= asOf + 90 * DAY_MS)
    .map((o) => o.account),
)
const rows: { domain: string; probability: number }[] = []
for (const account of (await ctx.store.accounts.list(null, 10_000_000)).items) {
  const scored = await scoreAccount(ctx, account.domain, asOf, model)
  rows.push({ domain: account.domain, probability: scored.inMarket.probability })
}
const auc = (subset: typeof rows) =>
  rocAuc(
    subset.map((r) => r.probability),
    subset.map((r) => (inMarket.has(r.domain) ? 1 : 0)),
  )
const holdout = rows.filter((row) => isHoldout(row.domain))
const holdoutAuc = auc(holdout)
console.log(
  `as of ${options.asOf}: ROC AUC, planted in-market vs the rest — holdout accounts (${holdout.length}): ${holdoutAuc.toFixed(3)} (target ≥ 0.85); all accounts: ${auc(rows).toFixed(3)}`,
)
console.log('calibration against opportunities opened in the next 90 days (holdout accounts):')
for (const bin of calibrationTable(
  holdout.map((r) => r.probability),
  holdout.map((r) => (opened.has(r.domain) ? 1 : 0)),
)) {
  console.log(
    `  ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}  n=${String(bin.count).padStart(4)}  predicted ${bin.meanPredicted.toFixed(3)}  observed ${bin.observedRate.toFixed(3)}`,
  )
}
const out = process.argv[process.argv.indexOf('--write') + 1]
if (process.argv.includes('--write') && out) {
  writeFileSync(out, `${JSON.stringify(model, null, 2)}\n`)
  console.log(`wrote ${out}`)
}
process.exitCode = holdoutAuc >= 0.85 ? 0 : 1
