import { DAY_MS } from '../src/vocabulary.ts'
/**
 * `npm run eval:model`: trains the in-market model point-in-time and reports its held-out
 * backtest beside a plain logistic regression fitted in the same run.
 *
 * - Without `--data`: on the generated fixtures (outcomes before the fixtures' anchor), then
 *   scores every account as of the anchor and checks that the holdout accounts planted as in
 *   market rank above the rest (exit 1 below AUC 0.85). `--write models/default.json` saves
 *   the trained model: that is how the shipped default is made.
 * - `--data PATH`: on any export of accounts, (contacts,) signals and outcomes — a folder of
 *   `accounts.ndjson|csv`, `signals.…`, `outcomes.…`, or one NDJSON file of lines tagged with
 *   `"kind"`. `meta.json` in the folder may give `asOf`, `horizonDays` and `leadDays`
 *   (`--as-of`, `--horizon`, `--lead` override). When the folder also has `leads.ndjson` (one
 *   line per lead: domain, scoreAt, label, raw columns; see scripts/real-data/), each held-out
 *   lead is scored as of its `scoreAt` and compared with a plain logistic regression on the
 *   raw columns fitted on the training leads. Exit 1 when the model's held-out AUC is below
 *   the baseline's. `--json FILE` writes every figure.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  defaultFixtureOptions,
  generateFutureOutcomes,
  plantedTruth,
} from '../src/demo/generate.ts'
import { fixedClock } from '../src/clock.ts'
import { loadConfig } from '../src/config.ts'
import { buildContext } from '../src/composition-root.ts'
import type { Ctx } from '../src/domain/context.ts'
import { scoreAccount } from '../src/domain/in-market.ts'
import { isHoldout, trainModel } from '../src/domain/training.ts'
import { loadBook } from '../src/jobs/load-book.ts'
import { loadFixtures } from '../src/jobs/load-fixtures.ts'
import { calibrationLines, metricsTable, modelReport } from '../src/jobs/model-report.ts'
import { createLogger } from '../src/logger.ts'
import { type FitExample, fitAdditive, DEFAULT_FIT_OPTIONS } from '../src/scoring/additive-fit.ts'
import { backtestOf, probabilityOf, scorableOf } from '../src/scoring/backtest.ts'
import type { FeatureRecord } from '../src/scoring/feature-record.ts'
import { pairedAucTest, rocAuc } from '../src/scoring/metrics.ts'
import type { Backtest, InMarketModel } from '../src/scoring/model.ts'

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    'as-of': { type: 'string' },
    horizon: { type: 'string' },
    lead: { type: 'string' },
    write: { type: 'string' },
    json: { type: 'string' },
    splits: { type: 'string' },
  },
})
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1)

interface Meta {
  name?: string
  asOf?: string
  horizonDays?: number
  leadDays?: number
  leadColumns?: { numeric: string[]; categorical: string[]; time: string[] }
}

function contextAt(asOf: number): Ctx {
  return buildContext(
    loadConfig({
      DB_PATH: ':memory:',
      LOG_LEVEL: 'silent',
      // Each trained model is also written as a file: keep them out of any real models folder.
      MODELS_DIR: join(tmpdir(), 'intent-eval-models'),
    }),
    {
      clock: fixedClock(asOf),
      logger: createLogger('silent'),
    },
  )
}

async function train(
  ctx: Ctx,
  asOf: number,
  horizonDays: number,
  leadDays?: number,
  split?: string,
  lookalike = true,
) {
  const started = performance.now()
  const result = await trainModel(ctx, { asOf, horizonDays, leadDays, split, lookalike })
  if (!result.trained) {
    console.log(`not trained: ${result.reason}`)
    process.exit(1)
  }
  console.log(`trained in ${seconds(started)} s`)
  process.stdout.write(modelReport(result.model))
  return result.model
}

interface Lead {
  domain: string
  scoreAt: string
  label: 0 | 1
  columns: Record<string, number | string | null>
}

/** The raw columns as a record: numbers as they are, every text a level. */
function rawRecord(lead: Lead, columns: string[]): FeatureRecord {
  const record: FeatureRecord = { numeric: {}, levels: {} }
  for (const name of columns) {
    const value = lead.columns[name]
    if (typeof value === 'number') record.numeric[name] = value
    else if (value === null || value === undefined) record.numeric[name] = null
    else record.levels[name] = { [value]: 1 }
  }
  return record
}

/** Columns of `leads.ndjson` that are numbers in every row that has them. */
function inferColumns(leads: Lead[]): string[] {
  return [...new Set(leads.flatMap((lead) => Object.keys(lead.columns)))].sort()
}

/**
 * A plain logistic regression on the raw columns, as a data scientist would fit it: numbers
 * standardized (missing at the mean), every level seen in training a 0/1 column, ridge 1.
 */
function rawBaseline(train: Lead[], test: Lead[], columns: string[]): number[] {
  const examples: FitExample[] = train.map((lead) => ({
    domain: lead.domain,
    label: lead.label,
    weight: 1,
    record: rawRecord(lead, columns),
  }))
  const fit = fitAdditive(examples, { ...DEFAULT_FIT_OPTIONS, form: 'plain', l2: 1 })
  const model = scorableOf(fit)
  return test.map((lead) => probabilityOf(model, rawRecord(lead, columns)))
}

async function perLead(
  ctx: Ctx,
  model: InMarketModel,
  dir: string,
  meta: Meta,
  split: string | undefined,
) {
  const leads = readFileSync(join(dir, 'leads.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Lead)
  const train = leads.filter((lead) => !isHoldout(lead.domain, split))
  const test = leads.filter((lead) => isHoldout(lead.domain, split))
  const ours: number[] = []
  for (const lead of test) {
    const scored = await scoreAccount(ctx, lead.domain, Date.parse(lead.scoreAt), model)
    ours.push(scored.inMarket.probability)
  }
  const given = meta.leadColumns
  const columns = given ? [...given.numeric, ...given.categorical] : inferColumns(leads)
  const raw = rawBaseline(train, test, columns)
  const reports: [string, Backtest][] = [
    [
      'this model',
      backtestOf(
        ours,
        test.map((l) => ({ ...l, weight: 1 })),
      ),
    ],
    [
      'logistic, raw columns',
      backtestOf(
        raw,
        test.map((l) => ({ ...l, weight: 1 })),
      ),
    ],
  ]
  const paired = pairedAucTest(
    ours,
    raw,
    test.map((lead) => lead.label),
  )
  if (given && given.time.length > 0) {
    reports.push([
      `… + ${given.time.join(', ')}`,
      backtestOf(
        rawBaseline(train, test, [...columns, ...given.time]),
        test.map((l) => ({ ...l, weight: 1 })),
      ),
    ])
  }
  const positives = test.filter((lead) => lead.label === 1).length
  console.log(
    `\nper lead, scored as of its scoreAt: ${test.length} held-out leads (${positives} positive); baselines fitted on the ${train.length} training leads`,
  )
  console.log(metricsTable(reports))
  console.log(
    `paired (DeLong): AUC difference ${paired.difference.toFixed(4)} ± ${paired.standardError.toFixed(4)}, p = ${paired.p.toFixed(3)}`,
  )
  console.log('calibration of this model, per held-out lead:')
  console.log(calibrationLines(reports[0]![1]))
  return { leads: test.length, positives, reports: Object.fromEntries(reports), paired }
}

async function onData(path: string) {
  const dir = existsSync(join(path, 'meta.json')) || !path.endsWith('.ndjson') ? path : null
  const meta: Meta =
    dir && existsSync(join(dir, 'meta.json'))
      ? JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))
      : {}
  const asOfText = args['as-of'] ?? meta.asOf
  if (!asOfText) throw new Error('--as-of is required when the data has no meta.json with asOf')
  const asOf = Date.parse(asOfText)
  const horizon = Number(args.horizon ?? meta.horizonDays ?? 90)
  const lead = args.lead === undefined ? meta.leadDays : Number(args.lead)
  const ctx = contextAt(asOf)
  const started = performance.now()
  const loaded = await loadBook(ctx, path)
  console.log(
    `${meta.name ?? path}: loaded ${Object.entries(loaded)
      .map(
        ([entity, s]) => `${s.imported} ${entity}${s.rejected ? ` (${s.rejected} rejected)` : ''}`,
      )
      .join(
        ', ',
      )} in ${seconds(started)} s; as of ${new Date(asOf).toISOString()}, horizon ${horizon} days`,
  )
  const count = Number(args.splits ?? 1)
  // One split: the product's own holdout. Several: fresh draws, none of them looked at while
  // the model was being designed.
  const splits =
    count === 1 ? [undefined] : Array.from({ length: count }, (_, i) => `eval-${i + 1}`)
  const runs: Record<string, unknown>[] = []
  for (const split of splits) {
    if (split) console.log(`\n=== split ${split} ===`)
    const model = await train(ctx, asOf, horizon, lead, split)
    const run: Record<string, unknown> = {
      split: split ?? 'holdout',
      model: model.id,
      form: model.form,
      metrics: model.metrics,
    }
    if (dir && existsSync(join(dir, 'leads.ndjson')))
      run.perLead = await perLead(ctx, model, dir, meta, split)
    runs.push(run)
  }
  const pick = (run: Record<string, unknown>) => {
    const lead = run.perLead as Awaited<ReturnType<typeof perLead>> | undefined
    const metrics = run.metrics as InMarketModel['metrics']
    return lead
      ? {
          ours: lead.reports['this model']?.auc ?? 0,
          theirs: lead.reports['logistic, raw columns']?.auc ?? 0,
        }
      : { ours: metrics.auc ?? 0, theirs: metrics.baseline?.auc ?? 0 }
  }
  const pairs = runs.map(pick)
  const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length
  const ours = mean(pairs.map((p) => p.ours))
  const theirs = mean(pairs.map((p) => p.theirs))
  if (args.json) writeFileSync(args.json, `${JSON.stringify({ name: meta.name, runs }, null, 2)}\n`)
  console.log(
    `\nheld-out AUC ${ours.toFixed(3)} against the plain logistic's ${theirs.toFixed(3)}` +
      (runs.length > 1
        ? ` (mean of ${runs.length} splits; difference per split: ${pairs.map((p) => (p.ours - p.theirs).toFixed(3)).join(', ')})`
        : ''),
  )
  process.exitCode = ours >= theirs ? 0 : 1
}

/**
 * What the shipped default may learn from the generated book: the intent features alone
 * (surge against the account's own baseline, breadth, people, high-intent actions, decayed
 * engagement, recency, momentum), built to mean the same in any book. Counts per signal type,
 * channels, pages, actions, firmographics and attributes depend on what a book sends and how
 * the generator wrote it: a model trained on a user's outcomes learns them from the user's book.
 */
const SHIPPED_EXCLUDES = ['behaviour', 'firmographic', 'attribute']

async function onFixtures() {
  const options = defaultFixtureOptions
  const asOf = Date.parse(options.asOf)
  const base = contextAt(asOf)
  const ctx: Ctx = {
    ...base,
    scoring: {
      ...base.scoring,
      model: { ...base.scoring.model, excludeFeatures: SHIPPED_EXCLUDES },
    },
  }
  const started = performance.now()
  const counts = await loadFixtures(ctx, options)
  console.log(
    `loaded ${counts.accounts} accounts, ${counts.signals} signals, ${counts.outcomes} outcomes in ${seconds(started)} s`,
  )
  // The generator's won accounts are nobody's customers: the shipped model grades no fit.
  const model = await train(ctx, asOf, 90, undefined, undefined, false)
  const truth = new Set(plantedTruth(options).inMarketAccounts)
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
  const holdout = rows.filter((row) => isHoldout(row.domain))
  const auc = rocAuc(
    holdout.map((r) => r.probability),
    holdout.map((r) => (truth.has(r.domain) ? 1 : 0)),
  )
  console.log(
    `\nas of ${options.asOf}: planted in-market vs the rest, holdout accounts (${holdout.length}): ROC AUC ${auc.toFixed(3)} (target ≥ 0.85)`,
  )
  const future = backtestOf(
    holdout.map((r) => r.probability),
    holdout.map((r) => ({ domain: r.domain, label: opened.has(r.domain) ? 1 : 0, weight: 1 })),
  )
  console.log('calibration against opportunities opened in the next 90 days (holdout accounts):')
  console.log(calibrationLines(future))
  if (args.write) {
    writeFileSync(args.write, `${JSON.stringify(model, null, 2)}\n`)
    console.log(`wrote ${args.write}`)
  }
  if (args.json)
    writeFileSync(
      args.json,
      `${JSON.stringify({ model: model.id, metrics: model.metrics, plantedAuc: auc }, null, 2)}\n`,
    )
  process.exitCode = auc >= 0.85 ? 0 : 1
}

if (args.data) await onData(args.data)
else await onFixtures()
