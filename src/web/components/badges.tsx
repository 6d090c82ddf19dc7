import { type CommitteeRole, STAGES, type SignalType } from '../../vocabulary.ts'
import { CATALOGUES, industryName } from '../../scoring/reasons/index.ts'
import type { MessageKey, Translator } from '../i18n/index.ts'

/** A hot/warm/cold label; the class only styles it, the text says it. */
export function LabelBadge({ tr, label }: { tr: Translator; label: string }) {
  const known = label === 'hot' || label === 'warm' || label === 'cold'
  return (
    <span class={`badge ${known ? label : ''}`}>
      {known ? tr.t(`label.${label}` as MessageKey) : label}
    </span>
  )
}

const STAGE_KEYS = new Set<string>(STAGES)

export function stageText(tr: Translator, stage: string): string {
  return STAGE_KEYS.has(stage) ? tr.t(`stage.${stage}` as MessageKey) : stage
}

export function roleText(tr: Translator, role: string): string {
  return CATALOGUES[tr.locale].roles[role as CommitteeRole] ?? role.replaceAll('_', ' ')
}

/** An industry in words, in the page's language when the service knows it. */
export function industryText(tr: Translator, industry: string): string {
  return industryName(tr.locale, industry)
}

export function signalText(tr: Translator, type: string): string {
  return CATALOGUES[tr.locale].typeNames[type as SignalType] ?? type
}

export function TopicChips({ topics }: { topics: string[] }) {
  if (topics.length === 0) return <span class="muted">–</span>
  return (
    <ul class="chips">
      {topics.map((topic) => (
        <li>
          <a href={`/topics/${encodeURIComponent(topic)}`}>{topic}</a>
        </li>
      ))}
    </ul>
  )
}
