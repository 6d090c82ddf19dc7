import { describe, expect, it } from 'vitest'
import { IN_MARKET_LABELS } from '../../src/scoring/model.ts'
import { allLabelsHref, labelView, parseFilters } from '../../src/web/leaderboard-query.ts'

const parse = (query: string) => parseFilters(new URLSearchParams(query))

describe('the leaderboard’s label filter', () => {
  it('defaults to the in-market labels, warm and hot', () => {
    expect(IN_MARKET_LABELS).toEqual(['hot', 'warm'])
    expect(parse('').filters.labels).toEqual(['hot', 'warm'])
    expect(parse('label=').filters.labels).toEqual(['hot', 'warm'])
  })

  it('narrows to one label, or lifts the filter with label=all', () => {
    expect(parse('label=cold').filters.labels).toEqual(['cold'])
    expect(parse('label=all').filters.labels).toBeUndefined()
    expect(parse('label=all').errors).toEqual({})
  })

  it('refuses any other label', () => {
    expect(parse('label=ALL').errors).toEqual({ label: 'error.label' })
    expect(parse('label=boiling').errors).toEqual({ label: 'error.label' })
  })

  it.each([
    ['', 'inMarket'],
    ['all', 'all'],
    ['hot', 'hot'],
    ['cold', 'cold'],
    ['boiling', 'inMarket'],
  ])('label %j is titled as %s', (label, view) => {
    expect(labelView(label)).toBe(view)
  })

  it('“show all” keeps the other filters and goes back to the first page', () => {
    const { raw } = parse('q=acme&label=hot&country=PL&page=3')
    expect(allLabelsHref(raw)).toBe('/?q=acme&label=all&country=PL')
  })
})
