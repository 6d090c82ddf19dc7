import type { Backtest, InMarketModel } from '../scoring/model.ts'
import { factorTitle } from '../scoring/reasons/index.ts'

const figure = (value: number | null | undefined, digits = 3) =>
  value === null || value === undefined ? '–' : value.toFixed(digits)

function auc(report: Backtest | null | undefined): string {
  if (!report || report.auc === null) return '–'
  const interval = report.aucInterval
  return interval
    ? `${figure(report.auc)} (${figure(interval[0])}–${figure(interval[1])})`
    : figure(report.auc)
}

/** The rows of a comparison table: each measure for each named report. */
export function metricsTable(reports: [string, Backtest | null | undefined][]): string {
  const rows: [string, (r: Backtest | null | undefined) => string][] = [
    ['ROC AUC (95 % interval)', auc],
    ['log loss', (r) => figure(r?.logLoss)],
    ['Brier score', (r) => figure(r?.brier)],
    ['lift, top 10 %', (r) => figure(r?.lift, 2)],
  ]
  const widths = reports.map(([name]) => Math.max(name.length, 22))
  const head = `  ${''.padEnd(24)}${reports.map(([name], i) => name.padStart(widths[i]! + 2)).join('')}`
  const body = rows.map(
    ([label, cell]) =>
      `  ${label.padEnd(24)}${reports.map(([, report], i) => cell(report).padStart(widths[i]! + 2)).join('')}`,
  )
  return [head, ...body].join('\n')
}

export function calibrationLines(report: Backtest): string {
  return report.calibration
    .map(
      (bin) =>
        `  ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}  n=${String(bin.count).padStart(6)}  predicted ${bin.meanPredicted.toFixed(3)}  observed ${bin.observedRate.toFixed(3)}`,
    )
    .join('\n')
}

/**
 * The backtest report of a trained model, for people: what it was trained on, its held-out
 * figures beside the plain logistic baseline of the same run, calibration, the terms that
 * move scores most, and the trainer's warnings.
 */
export function modelReport(model: InMarketModel, terms = 12): string {
  const m = model.metrics
  const samples = model.samples as Record<string, unknown>
  const lines = [
    `model ${model.id} (${model.form}, penalty ${model.l2}): ${model.samples.positives} positive / ${model.samples.negatives} negative snapshots` +
      (samples.positiveAccounts === undefined
        ? ''
        : ` of ${samples.positiveAccounts} / ${samples.negativeAccounts} accounts`) +
      `, ${model.trainingWindow.from.slice(0, 10)} – ${model.trainingWindow.to.slice(0, 10)}, horizon ${model.horizonDays} days, lead ${model.leadDays} days`,
    `held out: ${m.rows ?? '?'} snapshots of ${m.accounts ?? '?'} accounts (${m.positives ?? '?'} with a deal), never trained on`,
    metricsTable([
      ['this model', m],
      ['plain logistic', m.baseline],
    ]),
    'calibration (held out):',
    calibrationLines(m),
    `base rate (an average account): ${(100 / (1 + Math.exp(-model.base))).toFixed(1)} %`,
    'strongest terms (spread of their contributions, log-odds):',
    ...[...model.terms]
      .sort((a, b) => (b.spread ?? 0) - (a.spread ?? 0))
      .slice(0, terms)
      .map(
        (term) =>
          `  ${(term.spread ?? 0).toFixed(2).padStart(6)}  ${factorTitle('en', term.feature)} (${term.feature})`,
      ),
    ...model.warnings.map((warning) => `warning: ${warning}`),
  ]
  return `${lines.join('\n')}\n`
}
