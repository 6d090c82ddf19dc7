import type { CommitteeRole } from '../vocabulary.ts'
import type { JobFunction, Seniority } from '../vocabulary.ts'

export interface RoleRule {
  functions: JobFunction[] | '*'
  seniorities: Seniority[] | '*'
  role: CommitteeRole
  reason: string
}

const ALL = '*' as const
const SENIOR: Seniority[] = ['c_level', 'vp']
const LEADS: Seniority[] = ['vp', 'director']

/**
 * The default committee template: the first rule matching a person's function and seniority
 * gives their role. Order matters — money and signatures first, then the people who evaluate,
 * push and use. Override it with `committee.rules` in SCORING_CONFIG.
 */
export const DEFAULT_ROLE_RULES: RoleRule[] = [
  {
    functions: ['finance'],
    seniorities: ['c_level', 'vp', 'director'],
    role: 'economic_buyer',
    reason: 'Senior finance owns the budget a purchase is paid from.',
  },
  {
    functions: ['procurement'],
    seniorities: ALL,
    role: 'procurement',
    reason: 'Procurement runs vendor selection, terms and the contract.',
  },
  {
    functions: ['executive'],
    seniorities: ['c_level', 'vp', 'director'],
    role: 'decision_maker',
    reason: 'Executives sign off on purchases that change how the company works.',
  },
  {
    functions: ALL,
    seniorities: SENIOR,
    role: 'decision_maker',
    reason: 'A C-level or VP head of the buying department makes the final call.',
  },
  {
    functions: ['engineering', 'product'],
    seniorities: ['director', 'manager', 'individual'],
    role: 'technical_evaluator',
    reason: 'IT, engineering and product people test whether it works with what they run.',
  },
  {
    functions: ['legal', 'finance'],
    seniorities: ALL,
    role: 'influencer',
    reason:
      'Legal and finance staff shape terms and the business case without owning the decision.',
  },
  {
    functions: ALL,
    seniorities: LEADS,
    role: 'champion',
    reason: 'A department head who wants the change argues for it inside the company.',
  },
  {
    functions: ALL,
    seniorities: ['manager'],
    role: 'influencer',
    reason: 'Managers of the teams affected weigh in on fit and rollout.',
  },
  {
    functions: ALL,
    seniorities: ['individual'],
    role: 'end_user',
    reason: 'The people who will use it every day.',
  },
]

export function roleOf(
  fn: JobFunction,
  seniority: Seniority,
  rules: RoleRule[] = DEFAULT_ROLE_RULES,
): { role: CommitteeRole; reason: string } {
  const rule = rules.find(
    (candidate) =>
      (candidate.functions === '*' || candidate.functions.includes(fn)) &&
      (candidate.seniorities === '*' || candidate.seniorities.includes(seniority)),
  )
  return rule
    ? { role: rule.role, reason: rule.reason }
    : { role: 'end_user', reason: 'No rule matched; treated as a user.' }
}
