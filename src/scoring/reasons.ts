import type { FeatureFacts, FeatureName } from './features.ts'

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const times = (recent: number, expected: number) =>
  expected > 0 ? `${(recent / expected).toFixed(1)}× its usual activity` : 'with no activity before'

/**
 * The numbers behind a reason's sentence, for readers in other languages: `variant` names the
 * sentence, `values` fill it. Lists are joined with '|' (topics, roles as keys, ICP criteria).
 */
export interface ReasonParams {
  variant: string
  values: Record<string, string | number>
}

export function reasonParams(factor: FeatureName, facts: FeatureFacts): ReasonParams {
  switch (factor) {
    case 'surge_max': {
      const top = facts.topTopic
      if (!top || top.surge <= 50) return { variant: 'none', values: {} }
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
        ? { variant: 'none', values: {} }
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
        ? { variant: 'none', values: {} }
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
        ? { variant: 'none', values: {} }
        : { variant: 'some', values: { form, meeting, trade_show, review } }
    }
    case 'engagement':
      return { variant: 'value', values: { value: Number(facts.engagement.toFixed(1)) } }
    case 'recency': {
      if (facts.daysSinceLastSignal === null) return { variant: 'none', values: {} }
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
      return facts.fit.matched.length + facts.fit.missed.length === 0
        ? { variant: 'none', values: {} }
        : {
            variant: 'grade',
            values: {
              grade: facts.fit.grade,
              matched: facts.fit.matched.join('|'),
              missed: facts.fit.missed.join('|'),
            },
          }
    default:
      return { variant: 'none', values: {} }
  }
}

/** Plain-language text for one reason, from the facts behind the feature. */
export function reasonText(factor: FeatureName, contribution: number, facts: FeatureFacts): string {
  const direction = contribution >= 0 ? 'raises' : 'lowers'
  switch (factor) {
    case 'surge_max': {
      const top = facts.topTopic
      if (!top || top.surge <= 50) return 'No topic is above its usual level.'
      return `Strongest topic "${top.topic}" scores ${Math.round(top.surge)}: ${plural(top.contacts, 'person', 'people')}, ${times(top.recent, top.expected)} this month.`
    }
    case 'surging_topics':
      return facts.surgingTopics.length === 0
        ? 'No topic is surging.'
        : `${plural(facts.surgingTopics.length, 'topic')} surging: ${facts.surgingTopics.slice(0, 3).join(', ')}.`
    case 'breadth':
      return `${Math.round(facts.breadth * 100)} % of the topics it is researching are surging.`
    case 'engaged_contacts':
      return `${plural(facts.engagedContacts, 'person', 'people')} active in the last three weeks.`
    case 'senior_contacts':
      return `${plural(facts.seniorContacts, 'director-level or more senior person', 'director-level or more senior people')} engaged.`
    case 'committee_coverage':
      return facts.committeeRoles.length === 0
        ? 'Nobody of the buying committee engaged yet.'
        : `Buying committee ${Math.round(facts.committeeCoverage * 100)} % covered: ${facts.committeeRoles.join(', ').replaceAll('_', ' ')}.`
    case 'high_intent': {
      const { form, meeting, trade_show, review } = facts.highIntent
      const parts = [
        form && plural(form, 'form fill'),
        meeting && plural(meeting, 'meeting'),
        trade_show && plural(trade_show, 'trade-show interaction'),
        review && plural(review, 'review read', 'reviews read'),
      ].filter(Boolean)
      return parts.length === 0
        ? 'No high-intent actions (forms, meetings, trade shows, reviews) lately.'
        : `Recent high-intent actions: ${parts.join(', ')}.`
    }
    case 'engagement':
      return `Engagement worth ${facts.engagement.toFixed(1)} content reads after decay.`
    case 'recency':
      return facts.daysSinceLastSignal === null
        ? 'No activity recorded yet.'
        : lastActivityText(Math.max(0, Math.floor(facts.daysSinceLastSignal)))
    case 'momentum':
      return `Activity ${facts.momentum >= 0 ? 'growing' : 'falling'} by ${Math.abs(Math.round(facts.momentum * 100))} % of its average a week.`
    case 'fit':
      return facts.fit.matched.length + facts.fit.missed.length === 0
        ? 'No ideal customer profile is configured.'
        : `Profile fit ${facts.fit.grade}${facts.fit.matched.length ? `: matches ${facts.fit.matched.join(', ')}` : ''}${facts.fit.missed.length ? `; misses ${facts.fit.missed.join(', ')}` : ''}.`
    default:
      return `${factor} ${direction} the score.`
  }
}

function lastActivityText(days: number): string {
  if (days === 0) return 'Last activity less than a day ago.'
  return `Last activity ${days} ${days === 1 ? 'day' : 'days'} ago.`
}
