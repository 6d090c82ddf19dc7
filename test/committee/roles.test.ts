import { COMMITTEE_ROLES, type JobFunction, type Seniority } from '../../src/vocabulary.ts'
import { describe, expect, it } from 'vitest'
import { DEFAULT_ROLE_RULES, roleOf } from '../../src/committee/roles.ts'

describe('default committee template', () => {
  it.each<[JobFunction, Seniority, string]>([
    ['finance', 'c_level', 'economic_buyer'],
    ['finance', 'director', 'economic_buyer'],
    ['finance', 'individual', 'influencer'],
    ['procurement', 'individual', 'procurement'],
    ['procurement', 'c_level', 'procurement'],
    ['executive', 'c_level', 'decision_maker'],
    ['engineering', 'c_level', 'decision_maker'],
    ['marketing', 'vp', 'decision_maker'],
    ['engineering', 'director', 'technical_evaluator'],
    ['product', 'individual', 'technical_evaluator'],
    ['legal', 'director', 'influencer'],
    ['operations', 'director', 'champion'],
    ['sales', 'manager', 'influencer'],
    ['support', 'individual', 'end_user'],
    ['other', 'individual', 'end_user'],
  ])('%s × %s → %s', (fn, seniority, role) => {
    expect(roleOf(fn, seniority).role).toBe(role)
  })

  it('gives a reason for every mapping and can reach every role', () => {
    for (const rule of DEFAULT_ROLE_RULES) expect(rule.reason.length).toBeGreaterThan(20)
    expect(new Set(DEFAULT_ROLE_RULES.map((rule) => rule.role))).toEqual(new Set(COMMITTEE_ROLES))
  })

  it('takes a custom template, first match winning', () => {
    const rules = [
      {
        functions: '*' as const,
        seniorities: '*' as const,
        role: 'champion' as const,
        reason: 'everyone is a champion here',
      },
    ]
    expect(roleOf('finance', 'c_level', rules)).toEqual({
      role: 'champion',
      reason: 'everyone is a champion here',
    })
  })
})
