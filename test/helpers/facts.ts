import type { FeatureFacts } from '../../src/scoring/features.ts'

/** An account with no activity at all and no profile to grade it: the base the scoring tests vary. */
export const quietFacts: FeatureFacts = {
  topTopic: null,
  surgingTopics: [],
  breadth: 0,
  engagedContacts: 0,
  seniorContacts: 0,
  committeeCoverage: 0,
  committeeRoles: [],
  highIntent: { form: 0, meeting: 0, trade_show: 0, review: 0 },
  engagement: 0,
  daysSinceLastSignal: null,
  momentum: 0,
  fit: { score: null, grade: null, matched: [], missed: [], basis: null },
}
