import type { MessageKey, Translator } from '../i18n/index.ts'
import { type ReasonItem, reasonSentence } from './reason-sentence.ts'

export type { ReasonItem }

/** The model's reasons, strongest first, in the page's language with the account's numbers. */
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
              {reasonSentence(tr, reason)}
            </span>
          </li>
        )
      })}
    </ul>
  )
}
