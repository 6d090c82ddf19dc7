import { type Term, readLevels } from '../additive.ts'
import { type FeatureRecord, NO_VALUE } from '../feature-record.ts'
import type { FeatureFacts } from '../features.ts'

/**
 * The numbers behind a reason's sentence, for any language: `variant` names the sentence,
 * `values` fill it. Lists are joined with '|' (topics, roles as keys, levels and their counts).
 */
export interface ReasonParams {
  variant: string
  values: Record<string, string | number>
}

const none = (values: ReasonParams['values'] = {}): ReasonParams => ({ variant: 'none', values })

/** Params of the intent features, from the facts behind them. */
export function intentParams(factor: string, facts: FeatureFacts): ReasonParams {
  switch (factor) {
    case 'surge_max': {
      const top = facts.topTopic
      if (!top || top.surge <= 50) return none()
      const values = { topic: top.topic, surge: Math.round(top.surge), people: top.contacts }
      return top.expected > 0
        ? {
            variant: 'above',
            values: { ...values, ratio: Number((top.recent / top.expected).toFixed(1)) },
          }
        : { variant: 'new', values }
    }
    case 'surging_topics':
      return facts.surgingTopics.length === 0
        ? none()
        : {
            variant: 'some',
            values: {
              count: facts.surgingTopics.length,
              topics: facts.surgingTopics.slice(0, 3).join('|'),
            },
          }
    case 'breadth':
      return { variant: 'share', values: { percent: Math.round(facts.breadth * 100) } }
    case 'engaged_contacts':
      return { variant: 'count', values: { count: facts.engagedContacts } }
    case 'senior_contacts':
      return { variant: 'count', values: { count: facts.seniorContacts } }
    case 'committee_coverage':
      return facts.committeeRoles.length === 0
        ? none()
        : {
            variant: 'some',
            values: {
              percent: Math.round(facts.committeeCoverage * 100),
              roles: facts.committeeRoles.join('|'),
            },
          }
    case 'high_intent': {
      const { form, meeting, trade_show, review } = facts.highIntent
      return form + meeting + trade_show + review === 0
        ? none()
        : { variant: 'some', values: { form, meeting, trade_show, review } }
    }
    case 'engagement':
      return { variant: 'value', values: { value: Number(facts.engagement.toFixed(1)) } }
    case 'recency': {
      if (facts.daysSinceLastSignal === null) return none()
      const days = Math.max(0, Math.floor(facts.daysSinceLastSignal))
      return days === 0
        ? { variant: 'today', values: {} }
        : { variant: 'days', values: { count: days } }
    }
    case 'momentum':
      return {
        variant: facts.momentum >= 0 ? 'up' : 'down',
        values: { percent: Math.abs(Math.round(facts.momentum * 100)) },
      }
    case 'fit':
      return facts.fit.basis !== 'profile' || facts.fit.grade === null
        ? none()
        : {
            variant: 'grade',
            values: {
              grade: facts.fit.grade,
              matched: facts.fit.matched.join('|'),
              missed: facts.fit.missed.join('|'),
            },
          }
    default:
      return none()
  }
}

/** How many of an account's counted levels a reason names. */
const LISTED_LEVELS = 3

/**
 * Params of a learned term that is not an intent feature: behaviour counts, counted groups,
 * categories and numeric attributes, read from the record as the term reads it.
 */
export function termParams(term: Term, record: FeatureRecord, windowDays: number): ReasonParams {
  const raw = record.numeric[term.feature]
  if (term.kind !== 'levels') {
    if (term.feature.startsWith('signals.'))
      return { variant: 'count', values: { count: raw ?? 0, days: windowDays } }
    if (term.feature.startsWith('minutes.'))
      return {
        variant: 'minutes',
        values: { minutes: Math.round(raw ?? 0), days: windowDays },
      }
    return raw === null || raw === undefined
      ? { variant: 'missing', values: {} }
      : { variant: 'value', values: { value: Number(raw.toPrecision(6)) } }
  }
  const reading = readLevels(term, record)
  const display = record.display?.[term.feature] ?? {}
  const shown = (level: string) => (level === NO_VALUE ? NO_VALUE : (display[level] ?? level))
  if (!term.single) {
    // A counted group (channels, pages, actions) or a set (technologies): the levels that
    // move the score most, with their counts.
    const items = [...reading.known.map((k) => ({ ...k, effect: k.weight * k.amount }))]
      .concat(
        reading.other.map((o) => ({
          ...o,
          weight: term.other ?? 0,
          effect: (term.other ?? 0) * o.amount,
        })),
      )
      .sort((a, b) => Math.abs(b.effect) - Math.abs(a.effect) || (a.level < b.level ? -1 : 1))
      .slice(0, LISTED_LEVELS)
    const counts = record.levels[term.feature] ?? {}
    if (items.length === 0) {
      const unseen = reading.unseen.map((u) => shown(u.level)).slice(0, LISTED_LEVELS)
      return unseen.length > 0
        ? { variant: 'unseen', values: { levels: unseen.join('|'), days: windowDays } }
        : none({ days: windowDays })
    }
    return {
      variant: 'some',
      values: {
        levels: items.map((item) => shown(item.level)).join('|'),
        counts: items.map((item) => counts[item.level] ?? 1).join('|'),
        days: windowDays,
      },
    }
  }
  const [level] = [...reading.known, ...reading.other, ...reading.unseen]
  if (!level || level.level === NO_VALUE) return none()
  const variant = reading.unseen.length > 0 ? 'unseen' : 'level'
  return { variant, values: { level: shown(level.level) } }
}
