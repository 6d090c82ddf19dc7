import { sigmoid } from '../../scoring/model.ts'
import { CATALOGUES, effectOf, factorTitle } from '../../scoring/reasons/index.ts'
import type { Translator } from '../i18n/index.ts'
import { type ReasonItem, reasonSentence } from './reason-sentence.ts'

export type { ReasonItem }

/** Reasons shown before "all factors": the rest move the score less. */
const SHOWN = 8

function ReasonRow({ tr, reason }: { tr: Translator; reason: ReasonItem }) {
  const effect = effectOf(reason.contribution)
  const sign = effect === 'raises' ? '+' : effect === 'lowers' ? '−' : '·'
  return (
    <li data-effect={effect}>
      <span
        class={`sign ${effect === 'raises' ? 'up' : effect === 'lowers' ? 'down' : ''}`}
        aria-hidden="true"
      >
        {sign}
      </span>
      <span>
        <strong>{factorTitle(tr.locale, reason.factor)}</strong>{' '}
        <span class="muted">({CATALOGUES[tr.locale].effects[effect]})</span>
        <br />
        {reasonSentence(tr, reason)}
      </span>
    </li>
  )
}

/**
 * The model's base rate (its base log-odds as a probability), where every account starts before
 * its factors move it: whole percent, with a decimal below 1 % so a rare outcome is not "0 %".
 */
function baseRate(tr: Translator, base: number): string {
  const rate = sigmoid(base)
  return tr.number(rate, { style: 'percent', maximumFractionDigits: rate < 0.01 ? 1 : 0 })
}

/**
 * The model's reasons, strongest first, in the page's language with the account's numbers; a
 * reason whose contribution rounds to zero is said to change nothing, not to raise the score.
 */
export function Reasons(props: {
  tr: Translator
  reasons: ReasonItem[]
  base?: number
  modelId?: string
}) {
  const { tr, reasons, base, modelId } = props
  const ordered = [...reasons].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
  const first = ordered.slice(0, SHOWN)
  const rest = ordered.slice(SHOWN)
  return (
    <div data-section="reasons">
      <ul class="reasons">
        {first.map((reason) => (
          <ReasonRow tr={tr} reason={reason} />
        ))}
      </ul>
      {rest.length > 0 && (
        <details>
          <summary>{tr.t('account.allReasons', { count: tr.number(ordered.length) })}</summary>
          <ul class="reasons">
            {rest.map((reason) => (
              <ReasonRow tr={tr} reason={reason} />
            ))}
          </ul>
        </details>
      )}
      {base !== undefined && (
        <p class="muted" data-base>
          {tr.t('account.base', { percent: baseRate(tr, base) })}
          {modelId && (
            <>
              {' · '}
              <a href={`/models/${encodeURIComponent(modelId)}`}>{tr.t('account.modelReport')}</a>
            </>
          )}
        </p>
      )}
    </div>
  )
}
