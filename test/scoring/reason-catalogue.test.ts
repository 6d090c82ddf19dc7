import { describe, expect, it } from 'vitest'
import { LOCALES } from '../../src/locales.ts'
import type { LevelsTerm, Term } from '../../src/scoring/additive.ts'
import type { FeatureRecord } from '../../src/scoring/feature-record.ts'
import { FEATURES, type FeatureFacts } from '../../src/scoring/features.ts'
import { type InMarketModel, scoreWith } from '../../src/scoring/model.ts'
import { KNOWN_INDUSTRIES, SENTENCE_KEYS } from '../../src/scoring/reasons/catalogue.ts'
import {
  CATALOGUES,
  effectOf,
  industryName,
  intentParams,
  phraseReason,
  termParams,
} from '../../src/scoring/reasons/index.ts'
import { reasonSentence } from '../../src/web/components/reason-sentence.ts'
import { translator } from '../../src/web/i18n/index.ts'
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
  fit: { score: 80, grade: 'A', matched: ['industry'], missed: ['country'], basis: 'profile' },
}
const fresh: FeatureFacts = {
  ...busy,
  topTopic: { topic: 'ERP', surge: 70, recent: 6, expected: 0, contacts: 1 },
  daysSinceLastSignal: 0.2,
  momentum: 0.3,
}

const intentReason = (
  factor: (typeof FEATURES)[number],
  facts: FeatureFacts,
  contribution = 0.3,
) => {
  const params = intentParams(factor, facts)
  return {
    factor,
    contribution,
    params,
    text: phraseReason('en', { factor, contribution, params }),
  }
}

const levels = (feature: string, weights: Record<string, number>, single = true): LevelsTerm => ({
  kind: 'levels',
  feature,
  mean: 0,
  amount: single ? 'one' : 'log1p',
  weights,
  other: null,
  single,
})

const record: FeatureRecord = {
  numeric: { 'signals.web_visit': 12, 'minutes.web_visit': 34.4, 'attr.Score': 7.25 },
  levels: {
    'attr.Lead Source': { reference: 1 },
    source: { google: 5, newsletter: 1 },
    country: { PL: 1 },
    size: { '201-1000': 1 },
    industry: { 'mining & metals': 1 },
  },
  display: { 'attr.Lead Source': { reference: 'Reference' }, source: { google: 'Google' } },
}

const termReason = (term: Term, contribution: number) => {
  const params = termParams(term, record, 90)
  return { factor: term.feature, contribution, params }
}

describe('the reason catalogue', () => {
  it('has every sentence in every language', () => {
    for (const locale of LOCALES)
      expect(Object.keys(CATALOGUES[locale].sentences).sort()).toEqual([...SENTENCE_KEYS].sort())
  })

  it('phrases every intent factor and variant in every language, leaving nothing unfilled', () => {
    for (const locale of LOCALES)
      for (const facts of [quiet, busy, fresh])
        for (const factor of FEATURES) {
          const reason = intentReason(factor, facts)
          const sentence = phraseReason(locale, reason)
          expect(sentence).not.toMatch(/[{}]|undefined|NaN/)
          if (locale !== 'en') expect(sentence).not.toBe(reason.text)
        }
  })

  it('is the one source: the API text is what the English page shows', () => {
    const en = translator('en')
    for (const facts of [quiet, busy, fresh])
      for (const factor of FEATURES) {
        const reason = intentReason(factor, facts)
        expect(reasonSentence(en, reason)).toBe(reason.text)
      }
  })

  it('is the one source for every kind of term too: the scored text is the English page sentence', () => {
    const linear = (feature: string, transform = 'log1p'): Term =>
      ({ kind: 'linear', feature, mean: 0, transform, center: 1, scale: 1, weight: 0.5 }) as Term
    const terms: Term[] = [
      linear('signals.web_visit'),
      linear('minutes.web_visit'),
      linear('attr.Score', 'identity'),
      linear('attr.Missing', 'identity'),
      levels('source', { google: 0.4, newsletter: -0.1 }, false),
      levels('page', { '/pricing': 0.4 }, false),
      levels('attr.Lead Source', { reference: 0.8 }),
      levels('attr.Partner', { partner: 0.4 }),
      levels('attr.Stage', { open: 0.4, '(none)': -0.2 }),
      levels('country', { PL: 0.2 }),
      levels('size', { '201-1000': 0.2 }),
      levels('industry', { 'mining & metals': 0.3 }),
    ]
    const model = { id: 'm-all', base: -1, behaviourDays: 90, terms } as unknown as InMarketModel
    const en = translator('en')
    const variants = new Set<string>()
    for (const facts of [quiet, busy, fresh]) {
      const withIntent = {
        ...model,
        terms: [...terms, ...FEATURES.map((feature) => linear(feature, 'identity'))],
      }
      for (const reason of scoreWith(withIntent, record, facts).reasons) {
        variants.add(`${reason.factor}:${reason.params.variant}`)
        expect(reasonSentence(en, reason)).toBe(reason.text)
      }
    }
    expect(variants.size).toBeGreaterThanOrEqual(terms.length + FEATURES.length)
  })

  it('agrees in number and uses each language’s formats', () => {
    const [en, pl, ru] = [translator('en'), translator('pl'), translator('ru')]
    expect(reasonSentence(pl, intentReason('recency', busy))).toBe('Ostatnia aktywność 3 dni temu.')
    expect(reasonSentence(ru, intentReason('recency', { ...busy, daysSinceLastSignal: 5.5 }))).toBe(
      'Последняя активность — 5 дней назад.',
    )
    expect(reasonSentence(en, intentReason('recency', { ...busy, daysSinceLastSignal: 1.1 }))).toBe(
      'Last activity 1 day ago.',
    )
    expect(
      reasonSentence(en, intentReason('recency', { ...busy, daysSinceLastSignal: 12.2 })),
    ).toBe('Last activity 12 days ago.')
    expect(reasonSentence(pl, intentReason('surge_max', busy))).toBe(
      'Najsilniejszy temat „Hurtownie danych” ma wynik 81: 3 osoby, 5× zwykłej aktywności w tym miesiącu.',
    )
    expect(reasonSentence(ru, intentReason('committee_coverage', busy))).toBe(
      'Закупочный комитет охвачен на 57\u00a0%: Лицо, принимающее решение, Сторонник.',
    )
    expect(reasonSentence(en, intentReason('high_intent', busy))).toBe(
      'Recent high-intent actions: form fills: 2, meetings: 1, reviews read: 4.',
    )
    expect(reasonSentence(pl, intentReason('engagement', busy))).toBe(
      'Zaangażowanie warte 12,3 przeczytanych treści po wygaszeniu.',
    )
    expect(
      reasonSentence(en, intentReason('engaged_contacts', { ...busy, engagedContacts: 1 })),
    ).toBe('1 person active in the last three weeks.')
  })

  it('reads categorical reasons naturally, with the direction only when there is one', () => {
    const source = levels('attr.Lead Source', { reference: 0.8 })
    expect(phraseReason('en', termReason(source, 0.61))).toBe(
      'Lead Source: Reference raises the score.',
    )
    expect(phraseReason('en', termReason(source, -0.2))).toBe(
      'Lead Source: Reference lowers the score.',
    )
    expect(phraseReason('en', termReason(source, 0.0001))).toBe(
      'Lead Source: Reference does not change the score.',
    )
    expect(phraseReason('pl', termReason(source, 0.61))).toBe(
      'Lead Source: Reference podnosi wynik.',
    )
    expect(phraseReason('ru', termReason(source, -0.61))).toBe(
      'Lead Source: Reference понижает оценку.',
    )
    expect(effectOf(0.0004)).toBe('none')
    expect(effectOf(-0.0006)).toBe('lowers')
  })

  it('names a level the model never saw as new, and one the account lacks as not recorded', () => {
    const unseen = levels('attr.Lead Source', { partner: 0.4 })
    expect(phraseReason('en', termReason(unseen, 0))).toBe(
      'Lead Source: Reference is new to the model and does not change the score.',
    )
    const missing = levels('attr.Stage', { open: 0.4, '(none)': -0.2 })
    expect(phraseReason('en', termReason(missing, -0.2))).toBe(
      'Stage: not recorded — lowers the score.',
    )
  })

  it('phrases behaviour, firmographics and numbers in every language', () => {
    const visits: Term = {
      kind: 'linear',
      feature: 'signals.web_visit',
      mean: 0,
      transform: 'log1p',
      center: 1,
      scale: 1,
      weight: 0.5,
    }
    const minutes: Term = { ...visits, feature: 'minutes.web_visit' }
    const score: Term = { ...visits, feature: 'attr.Score', transform: 'identity' }
    const channels = levels('source', { google: 0.4, newsletter: -0.1 }, false)
    expect(phraseReason('en', termReason(visits, 0.3))).toBe('Web visits: 12 in the last 90 days.')
    expect(phraseReason('pl', termReason(visits, 0.3))).toBe(
      'Wizyty na stronie: 12 w ciągu ostatnich 90 dni.',
    )
    expect(phraseReason('ru', termReason(visits, 0.3))).toBe(
      'Посещения сайта: 12 за последние 90 дней.',
    )
    expect(phraseReason('en', termReason(minutes, 0.3))).toBe(
      'Time on web visits: 34 min in the last 90 days.',
    )
    expect(phraseReason('en', termReason(channels, 0.3))).toBe(
      'Channels: Google ×5, newsletter ×1 in the last 90 days.',
    )
    expect(phraseReason('en', termReason(score, 0.3))).toBe('Score: 7.25 raises the score.')
    expect(phraseReason('pl', termReason(levels('country', { PL: 0.2 }), 0.3))).toBe(
      'Kraj: Polska podnosi wynik.',
    )
    expect(phraseReason('ru', termReason(levels('size', { '201-1000': 0.2 }), -0.3))).toBe(
      'Размер компании: 201–1000 сотрудников понижает оценку.',
    )
    for (const locale of LOCALES)
      for (const term of [visits, minutes, score, channels])
        expect(phraseReason(locale, termReason(term, 0.3))).not.toMatch(/[{}]|undefined|NaN/)
  })

  it('falls back to the stored English text for scores stored without parameters', () => {
    expect(
      reasonSentence(translator('ru'), {
        factor: 'recency',
        contribution: 1,
        text: 'Last activity 2 days ago.',
      }),
    ).toBe('Last activity 2 days ago.')
  })

  it('gives each reason of a scored account a sentence from the same catalogue', () => {
    const model = {
      id: 'm-test',
      base: -1,
      behaviourDays: 90,
      terms: [levels('attr.Lead Source', { reference: 0.8, other: -0.4 })],
    } as unknown as InMarketModel
    const [reason] = scoreWith(model, record, quiet).reasons
    expect(reason).toMatchObject({
      factor: 'attr.Lead Source',
      family: 'attribute',
      effect: 'raises',
      text: 'Lead Source: Reference raises the score.',
    })
  })
})

describe('industries', () => {
  it('every language names every known industry, in words, not as its code', () => {
    for (const locale of LOCALES)
      for (const code of KNOWN_INDUSTRIES) {
        const name = CATALOGUES[locale].industries[code]
        expect(name, `${locale} ${code}`).not.toMatch(/_|^$/)
        expect(industryName(locale, code)).toBe(name)
      }
  })

  it.each([
    ['en', 'professional_services', 'Professional services'],
    ['en', 'Professional Services', 'Professional services'],
    ['en', ' professional-services ', 'Professional services'],
    ['pl', 'professional_services', 'Usługi profesjonalne'],
    ['ru', 'PROFESSIONAL_SERVICES', 'Профессиональные услуги'],
    ['pl', 'Manufacturing', 'Produkcja'],
    ['ru', 'telecom', 'Телекоммуникации'],
    // Another code reads as words; the account's own text stays as it is.
    ['en', 'financial_services', 'Financial services'],
    ['pl', 'oil_and_gas', 'Oil and gas'],
    ['en', 'Mining & Metals', 'Mining & Metals'],
    ['ru', 'Горнодобывающая промышленность', 'Горнодобывающая промышленность'],
  ] as const)('%s: %j is “%s”', (locale, industry, name) => {
    expect(industryName(locale, industry)).toBe(name)
  })

  it('a reason about the industry names it in words', () => {
    const term = levels('industry', { professional_services: 0.4 })
    const own: FeatureRecord = { numeric: {}, levels: { industry: { professional_services: 1 } } }
    const reason = { factor: 'industry', contribution: 0.4, params: termParams(term, own, 90) }
    expect(phraseReason('en', reason)).toBe('Industry: Professional services raises the score.')
    expect(phraseReason('pl', reason)).toBe('Branża: Usługi profesjonalne podnosi wynik.')
    expect(phraseReason('ru', { ...reason, contribution: -0.4 })).toBe(
      'Отрасль: Профессиональные услуги понижает оценку.',
    )
  })
})
