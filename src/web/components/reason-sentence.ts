import type { MessageKey, Translator } from '../i18n/index.ts'

export interface ReasonItem {
  factor: string
  contribution: number
  /** English, from the scoring code; shown when `params` is missing (scores stored earlier). */
  text: string
  params?: { variant: string; values: Record<string, string | number> }
}

const HIGH_INTENT_ACTIONS = ['form', 'meeting', 'trade_show', 'review'] as const

/** A reason's sentence in the page's language, from the numbers the scoring code kept. */
export function reasonSentence(tr: Translator, reason: ReasonItem): string {
  const { params } = reason
  const key = params && (`reason.${reason.factor}.${params.variant}` as MessageKey)
  if (!params || !key || !(key in tr.messages)) return reason.text
  const v = params.values
  const num = (name: string, digits = 0) =>
    tr.number(Number(v[name] ?? 0), { maximumFractionDigits: digits })
  const list = (name: string) =>
    String(v[name] ?? '')
      .split('|')
      .filter(Boolean)
  switch (`${reason.factor}.${params.variant}`) {
    case 'surge_max.above':
    case 'surge_max.new':
      return tr.t(key, {
        topic: String(v.topic),
        surge: num('surge'),
        people: tr.plural('reason.people', Number(v.people ?? 0)),
        ratio: num('ratio', 1),
      })
    case 'surging_topics.some':
      return tr.t(key, { count: num('count'), topics: list('topics').join(', ') })
    case 'breadth.share':
    case 'committee_coverage.some':
    case 'momentum.up':
    case 'momentum.down':
      return tr.t(key, {
        percent: tr.percent(Number(v.percent ?? 0) / 100),
        roles: list('roles')
          .map((role) => tr.t(`role.${role}` as MessageKey))
          .join(', '),
      })
    case 'high_intent.some':
      return tr.t(key, {
        actions: HIGH_INTENT_ACTIONS.filter((action) => Number(v[action] ?? 0) > 0)
          .map((action) => `${tr.t(`reason.action.${action}`)}: ${num(action)}`)
          .join(', '),
      })
    case 'recency.days':
      return tr.plural(key, Number(v.count ?? 0))
    case 'fit.grade':
      return [
        tr.t(key, { grade: String(v.grade) }),
        list('matched').length > 0 &&
          tr.t('reason.fit.matches', { list: list('matched').join(', ') }),
        list('missed').length > 0 && tr.t('reason.fit.misses', { list: list('missed').join(', ') }),
      ]
        .filter(Boolean)
        .join(' ')
    default:
      return tr.t(key, {
        count: num('count'),
        value: num('value', 1),
      })
  }
}
