import type { PageEntry } from '../domain/batch-scoring.ts'
import type { AccountScore } from '../domain/in-market.ts'
import { type ScoreWrite, scoreWrite } from '../domain/score-writes.ts'

/** One account's line of `intent score` output (and of `intent export`). */
export interface ScoreRow {
  domain: string
  score: number
  probability: number
  label: string
  stage: string
  fitGrade: string | null
  surgingTopics: string
  model: string
  asOf: string
}

export const SCORE_COLUMNS: (keyof ScoreRow)[] = [
  'domain',
  'score',
  'probability',
  'label',
  'stage',
  'fitGrade',
  'surgingTopics',
  'model',
  'asOf',
]

/** One account's batch result: its output row and its score to store. */
export interface ScoredAccount {
  row: ScoreRow
  write: ScoreWrite
}

/** Pure: the row and the stored form of one account's score, wherever it was computed. */
export function scoredAccount(entry: PageEntry, scored: AccountScore, asOf: number): ScoredAccount {
  const { domain } = entry.account
  return {
    row: {
      domain,
      score: scored.inMarket.score,
      probability: Math.round(scored.inMarket.probability * 10_000) / 10_000,
      label: scored.inMarket.label,
      stage: scored.inMarket.stage,
      fitGrade: scored.fit.grade,
      surgingTopics: scored.snapshot.intent.intent.surgingTopics.join('|'),
      model: scored.inMarket.model,
      asOf: new Date(asOf).toISOString(),
    },
    write: scoreWrite(entry.id, domain, scored, asOf),
  }
}
