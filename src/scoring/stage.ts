import type { FeatureFacts } from './features.ts'
import type { Label, Stage } from '../vocabulary.ts'

export type { Stage } from '../vocabulary.ts'

export interface DealState {
  /** An opportunity opened by asOf with no won or lost after it. */
  openOpportunity: boolean
  /** A deal won in the 30 days before asOf. */
  recentlyWon: boolean
}

/**
 * The buying stage, by rules a seller can check (6sense's stages, without the black box):
 * - purchase: a deal is open or was just won;
 * - decision: direct conversations or hand-raising (meetings, forms) alongside a surge or senior
 *   people, and a score of at least warm;
 * - consideration: a topic surges, or they read reviews, or three or more people are active;
 * - awareness: some recent activity;
 * - none: nothing in the recent window.
 *
 * The label takes part because a page shows both side by side: when the model scores an account
 * cold, its forms and meetings did not make it likely to buy, so "decision" would contradict
 * the label; the stage stops at consideration. Purchase is a deal the CRM recorded, not a
 * reading of signals, and stands whatever the label.
 */
export function stageOf(facts: FeatureFacts, deal: DealState, label: Label): Stage {
  if (deal.openOpportunity || deal.recentlyWon) return 'purchase'
  const read = stageFromSignals(facts)
  return read === 'decision' && label === 'cold' ? 'consideration' : read
}

function stageFromSignals(facts: FeatureFacts): Exclude<Stage, 'purchase'> {
  const { form, meeting, review, trade_show } = facts.highIntent
  const surging = facts.surgingTopics.length > 0
  if ((form > 0 || meeting > 0) && (surging || facts.seniorContacts > 0)) return 'decision'
  if (surging || review > 0 || facts.engagedContacts >= 3) return 'consideration'
  const active = facts.engagedContacts > 0 || trade_show > 0 || (facts.topTopic?.recent ?? 0) > 0
  if (active || (facts.daysSinceLastSignal !== null && facts.daysSinceLastSignal <= 21))
    return 'awareness'
  return 'none'
}
