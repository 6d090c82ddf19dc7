import type { TimelineRow } from '../../domain/pages.ts'
import type { Translator } from '../i18n/index.ts'
import { signalText } from './badges.tsx'

/** The latest signals, newest first, each with who and what when known. */
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
          <span class="muted">
            {signal.contactName ?? signal.contactTitle ?? tr.t('account.anonymous')}
            {signal.contactName && signal.contactTitle && <>, {signal.contactTitle}</>}
          </span>
        </li>
      ))}
    </ol>
  )
}
