import { describe, expect, it } from 'vitest'
import type { FeatureFacts } from '../../src/scoring/features.ts'
import { reasonText } from '../../src/scoring/reasons.ts'

const facts = (daysSinceLastSignal: number | null): FeatureFacts => ({
  topTopic: null,
  surgingTopics: [],
  breadth: 0,
  engagedContacts: 0,
  seniorContacts: 0,
  committeeCoverage: 0,
  committeeRoles: [],
  highIntent: { form: 0, meeting: 0, trade_show: 0, review: 0 },
  engagement: 0,
  daysSinceLastSignal,
  momentum: 0,
  fit: { score: 0, grade: 'D', matched: [], missed: [] } as unknown as FeatureFacts['fit'],
})

describe('the recency reason', () => {
  it('counts days in words that agree with the number', () => {
    expect(reasonText('recency', 0.1, facts(null))).toBe('No activity recorded yet.')
    expect(reasonText('recency', 0.1, facts(0.4))).toBe('Last activity less than a day ago.')
    expect(reasonText('recency', 0.1, facts(1.7))).toBe('Last activity 1 day ago.')
    expect(reasonText('recency', 0.1, facts(12.2))).toBe('Last activity 12 days ago.')
  })
})
