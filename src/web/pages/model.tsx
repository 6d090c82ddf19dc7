import type { Principal } from '../../domain/keys.ts'
import type { ModelSummary } from '../../domain/models.ts'
import { familyOf } from '../../scoring/feature-record.ts'
import type { Backtest } from '../../scoring/model.ts'
import { factorTitle } from '../../scoring/reasons/index.ts'
import type { MessageKey, Translator } from '../i18n/index.ts'
import { Layout } from '../layout.tsx'
import { numeric, TableHead } from '../components/tables.tsx'

/** Terms listed on the page: the rest move scores less. */
const TERMS_SHOWN = 30

function figure(tr: Translator, value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined
    ? '–'
    : tr.number(value, { minimumFractionDigits: digits, maximumFractionDigits: digits })
}

function aucText(tr: Translator, report: Backtest | null | undefined): string {
  if (!report || report.auc === null) return '–'
  const interval = report.aucInterval
  return interval
    ? `${figure(tr, report.auc)} (${figure(tr, interval[0])}–${figure(tr, interval[1])})`
    : figure(tr, report.auc)
}

function Metrics({
  tr,
  report,
  baseline,
}: {
  tr: Translator
  report: Backtest
  baseline: Backtest | null | undefined
}) {
  const rows: [MessageKey, string, string][] = [
    ['model.auc', aucText(tr, report), aucText(tr, baseline)],
    ['model.logLoss', figure(tr, report.logLoss), figure(tr, baseline?.logLoss)],
    ['model.brier', figure(tr, report.brier), figure(tr, baseline?.brier)],
    ['model.lift', figure(tr, report.lift, 2), figure(tr, baseline?.lift, 2)],
  ]
  return (
    <table data-section="metrics">
      <TableHead
        tr={tr}
        columns={['model.metric', numeric('model.thisModel'), numeric('model.baseline')]}
      />
      <tbody>
        {rows.map(([key, ours, theirs]) => (
          <tr>
            <th scope="row">{tr.t(key)}</th>
            <td class="num">{ours}</td>
            <td class="num">{theirs}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function Calibration({ tr, report }: { tr: Translator; report: Backtest }) {
  return (
    <table data-section="calibration">
      <caption>{tr.t('model.calibration')}</caption>
      <TableHead
        tr={tr}
        columns={[
          'model.range',
          numeric('model.examples'),
          numeric('model.predicted'),
          numeric('model.observed'),
        ]}
      />
      <tbody>
        {report.calibration.map((bin) => (
          <tr>
            <td>
              {tr.percent(bin.from)}–{tr.percent(bin.to)}
            </td>
            <td class="num">{tr.number(bin.count)}</td>
            <td class="num">{tr.percent(bin.meanPredicted)}</td>
            <td class="num">{tr.percent(bin.observedRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** `/models/{id}`: the backtest a seller can check before trusting a score. */
export function ModelPage(props: {
  tr: Translator
  url: URL
  principal: Principal
  summary: ModelSummary
}) {
  const { tr, url, principal, summary } = props
  const { model } = summary
  const metrics = model.metrics
  const terms = [...model.terms]
    .sort((a, b) => (b.spread ?? 0) - (a.spread ?? 0))
    .slice(0, TERMS_SHOWN)
  return (
    <Layout tr={tr} title={model.id} url={url} principal={principal}>
      <h1>{tr.t('model.title', { id: model.id })}</h1>
      {summary.shipped && <p class="notice">{tr.t('model.shipped')}</p>}
      <p>
        {tr.t('model.trained', {
          positives: tr.number(model.samples.positives),
          negatives: tr.number(model.samples.negatives),
          from: tr.date(model.trainingWindow.from),
          to: tr.date(model.trainingWindow.to),
          horizon: tr.number(model.horizonDays),
        })}
        {metrics.accounts !== undefined && (
          <>
            {' '}
            {tr.t('model.holdout', {
              accounts: tr.number(metrics.accounts),
              positives: tr.number(metrics.positives ?? 0),
            })}
          </>
        )}
      </p>
      <p class="muted">{tr.t('model.form', { form: model.form, l2: tr.number(model.l2) })}</p>
      <section class="panel" aria-label={tr.t('model.metric')}>
        <Metrics tr={tr} report={metrics} baseline={metrics.baseline} />
      </section>
      {metrics.calibration.length > 0 && (
        <section class="panel">
          <Calibration tr={tr} report={metrics} />
        </section>
      )}
      {model.warnings.length > 0 && (
        <section class="panel" aria-labelledby="warnings-h">
          <h2 id="warnings-h">{tr.t('model.warnings')}</h2>
          <ul data-section="warnings">
            {model.warnings.map((warning) => (
              <li>{warning}</li>
            ))}
          </ul>
        </section>
      )}
      <section class="panel" aria-labelledby="terms-h">
        <h2 id="terms-h">{tr.t('model.terms')}</h2>
        <table data-section="terms">
          <TableHead tr={tr} columns={['col.factor', 'model.family', numeric('model.spread')]} />
          <tbody>
            {terms.map((term) => (
              <tr>
                <td>{factorTitle(tr.locale, term.feature)}</td>
                <td>{tr.t(`model.family.${familyOf(term.feature)}` as MessageKey)}</td>
                <td class="num">{figure(tr, term.spread, 2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </Layout>
  )
}
