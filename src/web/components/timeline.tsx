import type { TimelineRow } from '../../domain/sales-pages.ts'
import type { Translator } from '../i18n/index.ts'
import { signalText } from './badges.tsx'
import { personName } from './person.ts'

/**
 * The latest signals, newest first, each with what and who: the contact when the signal names
 * one (by name, else by address), "someone at the company" only when it names nobody.
 */
export function Timeline({ tr, signals }: { tr: Translator; signals: TimelineRow[] }) {
  if (signals.length === 0) return <p>{tr.t('account.noSignals')}</p>
  return (
    <ol class="timeline" data-section="timeline">
      {signals.map((signal) => (
        <li>
          <time datetime={new Date(signal.occurredAt).toISOString()}>
            {tr.dateTime(signal.occurredAt)}
          </time>
          <br />
          <strong>{signalText(tr, signal.type)}</strong>
          {signal.topic && <> · {signal.topic}</>}
          {signal.action && <span class="muted"> · {signal.action.replaceAll('_', ' ')}</span>}
          <br />
          <span class="muted" data-contact={signal.contactEmail === null ? 'none' : 'known'}>
            {signal.contactEmail === null
              ? tr.t('account.anonymous')
              : personName({ name: signal.contactName, email: signal.contactEmail })}
            {signal.contactEmail !== null && signal.contactTitle && <>, {signal.contactTitle}</>}
          </span>
        </li>
      ))}
    </ol>
  )
}
