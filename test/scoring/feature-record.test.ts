import { describe, expect, it } from 'vitest'
import {
  accountFeatures,
  behaviourFeatures,
  familyOf,
  firstTouchFeatures,
  pageGroup,
  revenueBand,
  summarizeBehaviour,
} from '../../src/scoring/feature-record.ts'

describe('feature records', () => {
  it('group pages by host and first path segment, whatever the query or the slug', () => {
    expect(pageGroup('https://www.Acme.com/pricing/enterprise?utm=x#top')).toBe('acme.com/pricing')
    expect(pageGroup('https://acme.com/')).toBe('acme.com')
    expect(pageGroup('https://acme.com/%C5%BC%C3%B3%C5%82w/x')).toBe('acme.com/żółw')
    expect(pageGroup('not a url')).toBeNull()
  })

  it('count behaviour per type, action, channel and page, folding case and spacing', () => {
    const summary = summarizeBehaviour(
      [
        {
          type: 'web_visit',
          action: 'Page  View',
          source: 'Google',
          url: 'https://a.com/x/1',
          signals: 3,
          durationSeconds: 600,
        },
        {
          type: 'web_visit',
          action: 'page view',
          source: 'google',
          url: 'https://a.com/x/2',
          signals: 2,
          durationSeconds: 0,
        },
        { type: 'form', action: null, source: null, url: null, signals: 1, durationSeconds: 0 },
      ],
      90,
    )
    expect(summary.byType.web_visit).toEqual({ signals: 5, minutes: 10 })
    expect(summary.actions).toEqual({ 'web_visit:page view': 5 })
    expect(summary.sources).toEqual({ google: 5 })
    expect(summary.pages).toEqual({ 'a.com/x': 5 })
    const record = behaviourFeatures(summary)
    expect(record.numeric['signals.form']).toBe(1)
    expect(record.numeric['minutes.web_visit']).toBe(10)
    expect(record.display?.source).toEqual({ google: 'Google' })
  })

  it('make attributes features by the type of their values, and bands of size and revenue', () => {
    const record = accountFeatures({
      industry: 'Software',
      employees: 250,
      revenue: 12e6,
      country: 'pl',
      technologies: [],
      attributes: {
        'Lead Source': ' Partner ',
        Score: 7.5,
        Paying: true,
        Tags: ['A', 'b'],
        Nested: { x: 1 },
        Empty: '',
        Long: 'x'.repeat(500),
      },
    })
    expect(record.levels).toMatchObject({
      industry: { software: 1 },
      size: { '201-1000': 1 },
      revenue: { '10M-50M': 1 },
      country: { PL: 1 },
      technologies: { '(none)': 1 },
      'attr.Lead Source': { partner: 1 },
      'attr.Paying': { true: 1 },
      'attr.Tags': { a: 1, b: 1 },
    })
    expect(record.numeric['attr.Score']).toBe(7.5)
    expect(record.levels['attr.Nested']).toBeUndefined()
    expect(record.levels['attr.Empty']).toBeUndefined()
    expect(record.display?.['attr.Lead Source']).toEqual({ partner: 'Partner' })
    expect(Object.keys(record.levels['attr.Long']!)[0]).toHaveLength(80)
    expect(Object.values(record.display!['attr.Long']!)[0]).toHaveLength(80)
    expect(revenueBand(null)).toBe('unknown')
    expect(revenueBand(999_999)).toBe('<1M')
  })

  it('keep the first touch and the account’s age as of the instant', () => {
    const record = firstTouchFeatures(
      { at: 0, source: 'Newsletter', url: 'https://a.com/webinar/2' },
      3 * 86_400_000,
    )
    expect(record.numeric.age_days).toBe(3)
    expect(record.levels).toEqual({
      first_source: { newsletter: 1 },
      first_page: { 'a.com/webinar': 1 },
    })
    expect(firstTouchFeatures({ at: null, source: null, url: null }, 0).numeric.age_days).toBeNull()
  })

  it('name each feature’s family', () => {
    expect(familyOf('surge_max')).toBe('intent')
    expect(familyOf('signals.form')).toBe('behaviour')
    expect(familyOf('first_page')).toBe('behaviour')
    expect(familyOf('country')).toBe('firmographic')
    expect(familyOf('attr.Region')).toBe('attribute')
  })
})
