import type { Label } from '../../src/vocabulary.ts'
import { fc, test } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { FeatureFacts } from '../../src/scoring/features.ts'
import { quietFacts } from '../helpers/facts.ts'
import { LABEL_THRESHOLDS, labelOf } from '../../src/scoring/model.ts'
import { stageOf } from '../../src/scoring/stage.ts'

const quiet: FeatureFacts = quietFacts
const noDeal = { openOpportunity: false, recentlyWon: false }
// The signal rules alone: a hot label never holds a stage back.
const hot = 'hot' as const

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
    expect(stageOf(quiet, noDeal, hot)).toBe('none')
    expect(stageOf({ ...quiet, daysSinceLastSignal: 40 }, noDeal, hot)).toBe('none')
  })

  it('awareness with some recent activity', () => {
    expect(stageOf({ ...quiet, engagedContacts: 1, daysSinceLastSignal: 3 }, noDeal, hot)).toBe(
      'awareness',
    )
    expect(stageOf({ ...quiet, daysSinceLastSignal: 10 }, noDeal, hot)).toBe('awareness')
  })

  it('consideration with a surge, reviews, or three active people', () => {
    expect(stageOf({ ...quiet, surgingTopics: ['ERP'] }, noDeal, hot)).toBe('consideration')
    expect(stageOf({ ...quiet, highIntent: { ...quiet.highIntent, review: 2 } }, noDeal, hot)).toBe(
      'consideration',
    )
    expect(stageOf({ ...quiet, engagedContacts: 3 }, noDeal, hot)).toBe('consideration')
  })

  it('decision when forms or meetings come with a surge or senior people', () => {
    const meeting = { ...quiet.highIntent, meeting: 1 }
    expect(stageOf({ ...quiet, highIntent: meeting, surgingTopics: ['ERP'] }, noDeal, hot)).toBe(
      'decision',
    )
    expect(
      stageOf(
        { ...quiet, highIntent: { ...quiet.highIntent, form: 1 }, seniorContacts: 1 },
        noDeal,
        hot,
      ),
    ).toBe('decision')
    expect(stageOf({ ...quiet, highIntent: meeting, engagedContacts: 1 }, noDeal, hot)).toBe(
      'awareness',
    )
  })

  it('purchase while a deal is open or just won, whatever the activity', () => {
    expect(stageOf(quiet, { openOpportunity: true, recentlyWon: false }, hot)).toBe('purchase')
    expect(stageOf(quiet, { openOpportunity: false, recentlyWon: true }, hot)).toBe('purchase')
  })

  it('a cold label holds decision back at consideration; warm and hot do not', () => {
    const deciding = {
      ...quiet,
      highIntent: { ...quiet.highIntent, meeting: 2, form: 1 },
      surgingTopics: ['ERP'],
      seniorContacts: 1,
    }
    expect(stageOf(deciding, noDeal, 'hot')).toBe('decision')
    expect(stageOf(deciding, noDeal, 'warm')).toBe('decision')
    expect(stageOf(deciding, noDeal, 'cold')).toBe('consideration')
  })

  it('a cold label leaves the lower stages and a recorded deal as they are', () => {
    expect(stageOf({ ...quiet, engagedContacts: 3 }, noDeal, 'cold')).toBe('consideration')
    expect(stageOf({ ...quiet, daysSinceLastSignal: 10 }, noDeal, 'cold')).toBe('awareness')
    expect(stageOf(quiet, noDeal, 'cold')).toBe('none')
    expect(stageOf(quiet, { openOpportunity: true, recentlyWon: false }, 'cold')).toBe('purchase')
  })
})

const ORDER = ['none', 'awareness', 'consideration', 'decision', 'purchase']
const factsArb = fc.record({
  form: fc.nat(3),
  meeting: fc.nat(3),
  review: fc.nat(3),
  trade_show: fc.nat(3),
  surging: fc.boolean(),
  senior: fc.nat(3),
  engaged: fc.nat(5),
  days: fc.option(fc.nat(60)),
})
const dealArb = fc.record({ openOpportunity: fc.boolean(), recentlyWon: fc.boolean() })

describe('stage and label agree', () => {
  test.prop([factsArb, dealArb, fc.constantFrom<Label>('hot', 'warm', 'cold')])(
    'no cold account is in decision, and a label only ever lowers the stage signals read',
    (f, deal, label) => {
      const facts: FeatureFacts = {
        ...quiet,
        highIntent: {
          form: f.form,
          meeting: f.meeting,
          review: f.review,
          trade_show: f.trade_show,
        },
        surgingTopics: f.surging ? ['ERP'] : [],
        seniorContacts: f.senior,
        engagedContacts: f.engaged,
        daysSinceLastSignal: f.days,
      }
      const stage = stageOf(facts, deal, label)
      if (label === 'cold') expect(stage).not.toBe('decision')
      expect(ORDER.indexOf(stage)).toBeLessThanOrEqual(ORDER.indexOf(stageOf(facts, deal, 'hot')))
      expect(stageOf(facts, deal, 'warm')).toBe(stageOf(facts, deal, 'hot'))
    },
  )
})
