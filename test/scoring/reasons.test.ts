import { describe, expect, it } from 'vitest'
import type { FeatureFacts } from '../../src/scoring/features.ts'
import { reasonText } from '../../src/scoring/reasons.ts'
import { quietFacts } from '../helpers/facts.ts'

const facts = (daysSinceLastSignal: number | null): FeatureFacts => ({
  ...quietFacts,
  daysSinceLastSignal,
})

describe('the recency reason', () => {
  it('counts days in words that agree with the number', () => {
    expect(reasonText('recency', 0.1, facts(null))).toBe('No activity recorded yet.')
    expect(reasonText('recency', 0.1, facts(0.4))).toBe('Last activity less than a day ago.')
    expect(reasonText('recency', 0.1, facts(1.7))).toBe('Last activity 1 day ago.')
    expect(reasonText('recency', 0.1, facts(12.2))).toBe('Last activity 12 days ago.')
  })
})
