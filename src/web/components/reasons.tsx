import type { MessageKey, Translator } from '../i18n/index.ts'

export interface ReasonItem {
  factor: string
  contribution: number
  text: string
}

/**
 * The model's reasons, strongest first. The factor's name and direction are in the page's
 * language; the sentence with the account's numbers comes from the scoring code.
 */
export function Reasons({ tr, reasons }: { tr: Translator; reasons: ReasonItem[] }) {
  const ordered = [...reasons].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
  return (
    <ul class="reasons" data-section="reasons">
      {ordered.map((reason) => {
        const up = reason.contribution >= 0
        const key = `factor.${reason.factor}` as MessageKey
        return (
          <li>
            <span class={`sign ${up ? 'up' : 'down'}`} aria-hidden="true">
              {up ? '+' : '−'}
            </span>
            <span>
              <strong>{key in tr.messages ? tr.t(key) : reason.factor}</strong>{' '}
              <span class="muted">({tr.t(up ? 'account.raises' : 'account.lowers')})</span>
              <br />
              {reason.text}
            </span>
          </li>
        )
      })}
    </ul>
  )
}
