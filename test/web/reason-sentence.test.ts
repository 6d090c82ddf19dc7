import { describe, expect, it } from 'vitest'
import { FEATURES, type FeatureFacts } from '../../src/scoring/features.ts'
import { reasonParams, reasonText } from '../../src/scoring/reasons.ts'
import { reasonSentence } from '../../src/web/components/reason-sentence.ts'
import { LOCALES, translator } from '../../src/web/i18n/index.ts'
import { quietFacts } from '../helpers/facts.ts'

const quiet: FeatureFacts = quietFacts
const busy: FeatureFacts = {
  topTopic: { topic: 'Hurtownie danych', surge: 81.4, recent: 40, expected: 8, contacts: 3 },
  surgingTopics: ['Hurtownie danych', 'ERP'],
  breadth: 0.5,
  engagedContacts: 5,
  seniorContacts: 2,
  committeeCoverage: 0.57,
  committeeRoles: ['decision_maker', 'champion'],
  highIntent: { form: 2, meeting: 1, trade_show: 0, review: 4 },
  engagement: 12.34,
  daysSinceLastSignal: 3.2,
  momentum: -0.25,
  fit: {
    score: 80,
    grade: 'B',
    matched: ['industry'],
    missed: ['country'],
  } as unknown as FeatureFacts['fit'],
}
const fresh: FeatureFacts = {
  ...busy,
  topTopic: { topic: 'ERP', surge: 70, recent: 6, expected: 0, contacts: 1 },
  daysSinceLastSignal: 0.2,
  momentum: 0.3,
}

const reasonOf = (factor: (typeof FEATURES)[number], facts: FeatureFacts) => ({
  factor,
  contribution: 0.3,
  text: reasonText(factor, 0.3, facts),
  params: reasonParams(factor, facts),
})

describe('reasons in the page language', () => {
  it('have a sentence for every factor and variant in every language, with nothing left unfilled', () => {
    for (const locale of LOCALES) {
      const tr = translator(locale)
      for (const facts of [quiet, busy, fresh])
        for (const factor of FEATURES) {
          const reason = reasonOf(factor, facts)
          const sentence = reasonSentence(tr, reason)
          expect(`reason.${factor}.${reason.params.variant}` in tr.messages).toBe(true)
          expect(sentence).not.toMatch(/[{}]|undefined|NaN/)
          if (locale !== 'en') expect(sentence).not.toBe(reason.text)
        }
    }
  })

  it('agree in number and use the language’s own formats', () => {
    const [en, pl, ru] = [translator('en'), translator('pl'), translator('ru')]
    expect(reasonSentence(pl, reasonOf('recency', busy))).toBe('Ostatnia aktywność 3 dni temu.')
    expect(reasonSentence(ru, reasonOf('recency', { ...busy, daysSinceLastSignal: 5.5 }))).toBe(
      'Последняя активность — 5 дней назад.',
    )
    expect(reasonSentence(en, reasonOf('recency', { ...busy, daysSinceLastSignal: 1.1 }))).toBe(
      'Last activity 1 day ago.',
    )
    expect(reasonSentence(pl, reasonOf('surge_max', busy))).toBe(
      'Najsilniejszy temat „Hurtownie danych” ma wynik 81: 3 osoby, 5× zwykłej aktywności w tym miesiącu.',
    )
    expect(reasonSentence(ru, reasonOf('committee_coverage', busy))).toContain('57')
    expect(reasonSentence(en, reasonOf('high_intent', busy))).toBe(
      'Recent high-intent actions: form fills: 2, meetings: 1, reviews read: 4.',
    )
    expect(reasonSentence(pl, reasonOf('engagement', busy))).toBe(
      'Zaangażowanie warte 12,3 przeczytanych treści po wygaszeniu.',
    )
  })

  it('fall back to the stored English text for scores stored without parameters', () => {
    const tr = translator('ru')
    expect(
      reasonSentence(tr, { factor: 'recency', contribution: 1, text: 'Last activity 2 days ago.' }),
    ).toBe('Last activity 2 days ago.')
  })
})
