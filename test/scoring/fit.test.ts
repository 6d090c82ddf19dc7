import { describe, expect, it } from 'vitest'
import { defaultScoringConfig, scoringConfigSchema } from '../../src/scoring/config.ts'
import { firmographicFit } from '../../src/scoring/fit.ts'
import { learnLookalike, MIN_WON_ACCOUNTS } from '../../src/scoring/lookalike.ts'

const account = (
  industry: string,
  employees: number,
  country: string,
  technologies: string[] = [],
) => ({
  industry,
  employees,
  country,
  technologies,
})

/** 300 accounts: won deals come from software firms of 201–1000 people in Poland. */
function book() {
  const accounts = []
  for (let i = 0; i < 300; i++) {
    const software = i % 3 === 0
    accounts.push({
      domain: `a${i}.com`,
      firmographics: account(
        software ? 'Software' : 'Retail',
        software ? 500 : 30,
        i % 2 ? 'PL' : 'DE',
        software ? ['snowflake'] : [],
      ),
    })
  }
  const won = new Set(
    accounts
      .filter((a, i) => a.firmographics.industry === 'Software' && i % 2 === 1)
      .map((a) => a.domain),
  )
  return { accounts, won }
}

describe('the fit grade', () => {
  it('is null, not an A for everyone, with no profile and no won deals', () => {
    const fit = firmographicFit(account('Retail', 30, 'PL'), defaultScoringConfig, null)
    expect(fit).toEqual({ score: null, grade: null, matched: [], missed: [], basis: null })
  })

  it('grades against the configured profile when there is one, whatever the model learned', () => {
    const config = scoringConfigSchema.parse({
      icp: { industries: ['Software'], countries: ['PL'] },
    })
    const { accounts, won } = book()
    const lookalike = learnLookalike(accounts, won)
    const fit = firmographicFit(account('Software', 500, 'DE'), config, lookalike)
    expect(fit).toMatchObject({
      score: 50,
      grade: 'B',
      matched: ['industry'],
      missed: ['country'],
      basis: 'profile',
    })
  })

  it('learns a lookalike of the won accounts and ranks look-alikes above the rest', () => {
    const { accounts, won } = book()
    const lookalike = learnLookalike(accounts, won)!
    expect(lookalike.wonAccounts).toBe(won.size)
    const like = firmographicFit(
      account('Software', 600, 'PL', ['Snowflake']),
      defaultScoringConfig,
      lookalike,
    )
    const unlike = firmographicFit(account('Retail', 20, 'DE'), defaultScoringConfig, lookalike)
    expect(like.basis).toBe('lookalike')
    expect(like.score!).toBeGreaterThan(unlike.score!)
    expect(like.grade).toBe('A')
    expect(like.matched).toEqual(
      expect.arrayContaining(['industry', 'size', 'country', 'technologies']),
    )
    expect(unlike.missed).toEqual(expect.arrayContaining(['industry', 'size']))
  })

  it('makes no lookalike from a handful of won deals', () => {
    const { accounts } = book()
    const few = new Set(accounts.slice(0, MIN_WON_ACCOUNTS - 1).map((a) => a.domain))
    expect(learnLookalike(accounts, few)).toBeNull()
  })
})
