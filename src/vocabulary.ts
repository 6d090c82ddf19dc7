/**
 * The words every part of the service shares: signal and outcome types, job functions,
 * seniorities, committee roles, score labels, buying stages, key scopes and the day in
 * milliseconds. A leaf: it imports nothing, so anything may import it without a cycle
 * (test/architecture/folders.test.ts keeps it so). Each list is the one source of its values.
 */

export const SIGNAL_TYPES = [
  'content',
  'search',
  'review',
  'trade_show',
  'email',
  'form',
  'meeting',
  'web_visit',
] as const
export type SignalType = (typeof SIGNAL_TYPES)[number]

export const OUTCOME_TYPES = ['opportunity', 'won', 'lost'] as const
export type OutcomeType = (typeof OUTCOME_TYPES)[number]

export const JOB_FUNCTIONS = [
  'executive',
  'engineering',
  'finance',
  'procurement',
  'marketing',
  'sales',
  'operations',
  'hr',
  'legal',
  'product',
  'support',
  'other',
] as const
export type JobFunction = (typeof JOB_FUNCTIONS)[number]

/** Most senior first; the order is also the precedence of seniority rules. */
export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'individual'] as const
export type Seniority = (typeof SENIORITIES)[number]

export const COMMITTEE_ROLES = [
  'decision_maker',
  'economic_buyer',
  'champion',
  'technical_evaluator',
  'influencer',
  'procurement',
  'end_user',
] as const
export type CommitteeRole = (typeof COMMITTEE_ROLES)[number]

/** Score bands, hottest first. */
export const LABELS = ['hot', 'warm', 'cold'] as const
export type Label = (typeof LABELS)[number]

/** An account's fit with the ideal customer profile, best first. */
export const FIT_GRADES = ['A', 'B', 'C', 'D'] as const
export type FitGrade = (typeof FIT_GRADES)[number]

export const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'none'] as const
export type Stage = (typeof STAGES)[number]

/** API key scopes, weakest first: each includes the ones before it. */
export const SCOPES = ['read', 'write', 'admin'] as const
export type Scope = (typeof SCOPES)[number]

/**
 * Industries the service knows by code (the demo data and most CRM exports write them so);
 * any other industry is the account's own text.
 */
export const INDUSTRIES = [
  'software',
  'manufacturing',
  'finance',
  'healthcare',
  'retail',
  'logistics',
  'energy',
  'telecom',
  'education',
  'professional_services',
] as const
export type Industry = (typeof INDUSTRIES)[number]

export const DAY_MS = 86_400_000
