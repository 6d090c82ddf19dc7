import { COMMITTEE_ROLES, type CommitteeRole, DAY_MS, type Seniority } from '../vocabulary.ts'
import { cellActivity, type DailyCell, decayFactor, type Windows } from './activity.ts'
import type { ScoringConfig } from './config.ts'
import type { Fit } from './fit.ts'
import type { IntentSummary } from './intent.ts'

/**
 * The in-market model's inputs, defined in one place. Each is a number computed from what was
 * known at `asOf`; `FeatureFacts` keeps the plain values behind them for the reasons' text.
 */
export const FEATURES = [
  'surge_max',
  'surging_topics',
  'breadth',
  'engaged_contacts',
  'senior_contacts',
  'committee_coverage',
  'high_intent',
  'engagement',
  'recency',
  'momentum',
  'fit',
] as const

export type FeatureName = (typeof FEATURES)[number]

export interface TopicFact {
  topic: string
  surge: number
  recent: number
  expected: number
  contacts: number
}

export interface FeatureFacts {
  topTopic: TopicFact | null
  surgingTopics: string[]
  breadth: number
  engagedContacts: number
  seniorContacts: number
  /** Share of the committee template's roles with an engaged person (0–1). */
  committeeCoverage: number
  committeeRoles: string[]
  /** Recent-window signal counts of the high-intent types. */
  highIntent: { form: number; meeting: number; trade_show: number; review: number }
  engagement: number
  daysSinceLastSignal: number | null
  momentum: number
  fit: Fit
}

export interface FeatureInput {
  asOf: number
  windows: Windows
  cells: DailyCell[]
  topics: TopicFact[]
  summary: Pick<IntentSummary, 'breadth' | 'momentum' | 'engagement'> & { surgingTopics: string[] }
  lastSignalAt: number | null
  /** The people active in the recent window, classified. */
  engaged: { seniority: Seniority; role: CommitteeRole }[]
  /** The roles committee coverage counts (default: all seven). */
  requiredRoles?: readonly CommitteeRole[]
  fit: Fit
}

const HIGH_INTENT_TYPES = ['form', 'meeting', 'trade_show', 'review'] as const
const SENIOR: ReadonlySet<Seniority> = new Set(['c_level', 'vp', 'director'])

export function featureFacts(input: FeatureInput): FeatureFacts {
  const highIntent = { form: 0, meeting: 0, trade_show: 0, review: 0 }
  for (const cell of input.cells) {
    if (cell.day >= input.windows.recentFirstDay && cell.type in highIntent) {
      highIntent[cell.type as keyof typeof highIntent] += cell.signals
    }
  }
  const top = input.topics.reduce<TopicFact | null>(
    (best, topic) => (best === null || topic.surge > best.surge ? topic : best),
    null,
  )
  return {
    topTopic: top,
    surgingTopics: input.summary.surgingTopics,
    breadth: input.summary.breadth,
    engagedContacts: input.engaged.length,
    seniorContacts: input.engaged.filter((person) => SENIOR.has(person.seniority)).length,
    committeeCoverage: coverage(input.engaged, input.requiredRoles ?? COMMITTEE_ROLES),
    committeeRoles: [...new Set(input.engaged.map((person) => person.role))].sort(),
    highIntent,
    engagement: input.summary.engagement,
    daysSinceLastSignal:
      input.lastSignalAt === null ? null : (input.asOf - input.lastSignalAt) / DAY_MS,
    momentum: input.summary.momentum,
    fit: input.fit,
  }
}

function coverage(engaged: { role: CommitteeRole }[], required: readonly CommitteeRole[]): number {
  const covered = new Set(engaged.map((person) => person.role))
  return required.filter((role) => covered.has(role)).length / required.length
}

/** Decayed weight of the recent high-intent signals: a demo request last week outweighs one last month. */
function highIntentWeight(input: FeatureInput, config: ScoringConfig): number {
  let total = 0
  for (const cell of input.cells) {
    if (
      cell.day < input.windows.recentFirstDay ||
      !(HIGH_INTENT_TYPES as readonly string[]).includes(cell.type)
    )
      continue
    const ageDays = Math.max(0, (input.asOf - (cell.day + 0.5) * DAY_MS) / DAY_MS)
    total += cellActivity(cell, config) * decayFactor(cell.type, ageDays, config)
  }
  return total
}

/** The feature vector, in the order of FEATURES. Counts enter as log(1 + n): the tenth person adds less than the second. */
export function featureVector(
  input: FeatureInput,
  facts: FeatureFacts,
  config: ScoringConfig,
): number[] {
  const values: Record<FeatureName, number> = {
    surge_max: facts.topTopic ? Math.max(0, facts.topTopic.surge - 50) / 10 : 0,
    surging_topics: Math.log1p(facts.surgingTopics.length),
    breadth: facts.breadth,
    engaged_contacts: Math.log1p(facts.engagedContacts),
    senior_contacts: Math.log1p(facts.seniorContacts),
    committee_coverage: facts.committeeCoverage,
    high_intent: Math.log1p(highIntentWeight(input, config)),
    engagement: Math.log1p(facts.engagement),
    recency: facts.daysSinceLastSignal === null ? 0 : Math.exp(-facts.daysSinceLastSignal / 14),
    momentum: Math.max(-2, Math.min(2, facts.momentum)),
    // Only a configured profile is an input: a lookalike is learned from the outcomes themselves.
    fit: facts.fit.basis === 'profile' && facts.fit.score !== null ? facts.fit.score / 100 : 0,
  }
  return FEATURES.map((name) => values[name])
}
