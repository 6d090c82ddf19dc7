import { describe, expect, it } from 'vitest'
import type { FeatureFacts } from '../../src/scoring/features.ts'
import { quietFacts } from '../helpers/facts.ts'
import { LABEL_THRESHOLDS, labelOf } from '../../src/scoring/model.ts'
import { stageOf } from '../../src/scoring/stage.ts'

const quiet: FeatureFacts = quietFacts
const noDeal = { openOpportunity: false, recentlyWon: false }

describe('labels', () => {
  it.each([
    [100, 'hot'],
    [60, 'hot'],
    [59, 'warm'],
    [30, 'warm'],
    [29, 'cold'],
    [0, 'cold'],
  ])('score %i is %s', (score, label) => {
    expect(labelOf(score)).toBe(label)
  })

  it('documents its thresholds', () => {
    expect(LABEL_THRESHOLDS).toEqual({ hot: 60, warm: 30 })
  })
})

describe('stages', () => {
  it('none without recent activity', () => {
    expect(stageOf(quiet, noDeal)).toBe('none')
    expect(stageOf({ ...quiet, daysSinceLastSignal: 40 }, noDeal)).toBe('none')
  })

  it('awareness with some recent activity', () => {
    expect(stageOf({ ...quiet, engagedContacts: 1, daysSinceLastSignal: 3 }, noDeal)).toBe(
      'awareness',
    )
    expect(stageOf({ ...quiet, daysSinceLastSignal: 10 }, noDeal)).toBe('awareness')
  })

  it('consideration with a surge, reviews, or three active people', () => {
    expect(stageOf({ ...quiet, surgingTopics: ['ERP'] }, noDeal)).toBe('consideration')
    expect(stageOf({ ...quiet, highIntent: { ...quiet.highIntent, review: 2 } }, noDeal)).toBe(
      'consideration',
    )
    expect(stageOf({ ...quiet, engagedContacts: 3 }, noDeal)).toBe('consideration')
  })

  it('decision when forms or meetings come with a surge or senior people', () => {
    const meeting = { ...quiet.highIntent, meeting: 1 }
    expect(stageOf({ ...quiet, highIntent: meeting, surgingTopics: ['ERP'] }, noDeal)).toBe(
      'decision',
    )
    expect(
      stageOf(
        { ...quiet, highIntent: { ...quiet.highIntent, form: 1 }, seniorContacts: 1 },
        noDeal,
      ),
    ).toBe('decision')
    expect(stageOf({ ...quiet, highIntent: meeting, engagedContacts: 1 }, noDeal)).toBe('awareness')
  })

  it('purchase while a deal is open or just won, whatever the activity', () => {
    expect(stageOf(quiet, { openOpportunity: true, recentlyWon: false })).toBe('purchase')
    expect(stageOf(quiet, { openOpportunity: false, recentlyWon: true })).toBe('purchase')
  })
})
