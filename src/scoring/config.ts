import { z } from 'zod'
import {
  COMMITTEE_ROLES,
  JOB_FUNCTIONS,
  SENIORITIES,
  SIGNAL_TYPES,
  type SignalType,
} from '../vocabulary.ts'

/**
 * Scoring parameters with their defaults. The reasoning behind each default is in
 * docs/scoring.md; every value can be overridden with a JSON file named by SCORING_CONFIG.
 */
const perType = (defaults: Record<SignalType, number>, max: number) =>
  z
    .object(
      Object.fromEntries(
        SIGNAL_TYPES.map((type) => [type, z.number().min(0).max(max).default(defaults[type])]),
      ) as Record<SignalType, z.ZodDefault<z.ZodNumber>>,
    )
    .prefault({})

export const scoringConfigSchema = z.strictObject({
  /** Days of recent activity compared with the baseline. */
  recentDays: z.number().int().min(1).max(90).default(21),
  /** Days before the recent window that form the account's own baseline. */
  baselineDays: z.number().int().min(7).max(365).default(84),
  /** What one signal of each type is worth, in "content reads". */
  weights: perType(
    {
      content: 1,
      search: 1,
      review: 2,
      trade_show: 3,
      email: 0.5,
      form: 3,
      meeting: 4,
      web_visit: 0.5,
    },
    100,
  ),
  /** Half-life in days of each type's contribution to engagement and recency. */
  halfLifeDays: perType(
    {
      content: 14,
      search: 7,
      review: 21,
      trade_show: 30,
      email: 7,
      form: 30,
      meeting: 45,
      web_visit: 7,
    },
    3650,
  ),
  /** A person's second and later same-type signals on a topic in one day count this much. */
  repeatFactor: z.number().min(0).max(1).default(0.25),
  /** Days of peer behaviour the account's own baseline is shrunk toward (prior strength). */
  priorDays: z.number().min(0).max(365).default(14),
  /** The least activity per day a topic's prior assumes, so a topic new to everyone is not a certainty. */
  minPeerRatePerDay: z.number().min(0).default(0.02),
  /** Peer groups (industry × size band) smaller than this fall back to all accounts. */
  minPeerAccounts: z.number().int().min(1).default(10),
  /**
   * Variance of weighted activity relative to a Poisson count of the same mean (quasi-Poisson):
   * types of different weight mix and people act in bursts. Counts are divided by it before
   * the test.
   */
  dispersion: z.number().min(1).max(20).default(1),
  /** Family-wise error rate for "surging" across the topics of one account. */
  alpha: z.number().gt(0).lt(0.5).default(0.01),
  /** Fewer recent engagements than this (people, plus repeats at repeatFactor) never count as a surge. */
  minRecentEngagements: z.number().min(0).default(4),
  /** The score above which a topic is "surging". */
  surgeThreshold: z.number().min(50).max(100).default(60),
  /**
   * Distinct topics one account may gain per `recentDays` window (windows aligned on the Unix
   * epoch); past it, signals on topics new to the window are stored without their topic. Keeps a
   * flood of made-up topics from making every look-up of the account huge and slow.
   */
  maxTopicsPerWindow: z.number().int().min(1).max(1_000_000).default(1000),
  /**
   * The ideal customer profile for the fit grade. Each non-empty list is one criterion; an
   * account's fit is the share of criteria it meets. Nothing configured: every account fits.
   */
  icp: z
    .strictObject({
      industries: z.array(z.string()).default([]),
      sizeBands: z.array(z.string()).default([]),
      countries: z.array(z.string()).default([]),
      technologies: z.array(z.string()).default([]),
    })
    .prefault({}),
  /**
   * The buying-committee template: rules map function × seniority to a role (first match
   * wins); `requiredRoles` are the roles coverage counts. Absent: the documented default.
   */
  committee: z
    .strictObject({
      requiredRoles: z.array(z.enum(COMMITTEE_ROLES)).min(1).optional(),
      rules: z
        .array(
          z.strictObject({
            functions: z.union([z.literal('*'), z.array(z.enum(JOB_FUNCTIONS))]),
            seniorities: z.union([z.literal('*'), z.array(z.enum(SENIORITIES))]),
            role: z.enum(COMMITTEE_ROLES),
            reason: z.string().min(1),
          }),
        )
        .min(1)
        .optional(),
    })
    .prefault({}),
  /**
   * CRM deal stages (matched case-insensitively) and the outcome each means; a stage mapped to
   * null, or not listed, records nothing. Defaults cover HubSpot's and Salesforce's standard stages.
   */
  dealStages: z.record(z.string(), z.enum(['opportunity', 'won', 'lost']).nullable()).default({
    appointmentscheduled: 'opportunity',
    qualifiedtobuy: 'opportunity',
    presentationscheduled: 'opportunity',
    decisionmakerboughtin: 'opportunity',
    contractsent: 'opportunity',
    closedwon: 'won',
    closedlost: 'lost',
    prospecting: null,
    qualification: 'opportunity',
    'needs analysis': 'opportunity',
    proposal: 'opportunity',
    negotiation: 'opportunity',
    'closed won': 'won',
    'closed lost': 'lost',
    opportunity: 'opportunity',
    won: 'won',
    lost: 'lost',
  }),
  /** Days of daily activity the momentum slope is fitted on. */
  momentumDays: z.number().int().min(7).max(90).default(28),
  /** How the in-market model is trained (docs/model.md). */
  model: z
    .strictObject({
      /** Each outcome's snapshot is taken this many days before it: the model predicts that far ahead. */
      leadDays: z.number().min(1).max(90).default(7),
      /** Days of signals the behaviour features (counts per type, action, channel, page) cover. */
      behaviourDays: z.number().int().min(7).max(365).default(90),
      /** Days between an outcome's earlier snapshots, and between a quiet account's. */
      everyDays: z.number().int().min(1).max(90).default(14),
      /**
       * Accounts a categorical level needs to be learned on its own; rarer ones pool into
       * "other". Absent: cross-validation chooses among 2, 5 and 20.
       */
      minSupport: z.number().int().min(2).max(1000).optional(),
      /**
       * Features never learned from: names such as `attr.Lead Status` or `source`, or a whole
       * family (`attribute`, `behaviour`, `firmographic`, `intent`). Use it for fields filled in
       * after the outcome.
       */
      excludeFeatures: z.array(z.string().min(1)).default([]),
    })
    .prefault({}),
})

export type ScoringConfig = z.output<typeof scoringConfigSchema>

export const defaultScoringConfig: ScoringConfig = scoringConfigSchema.parse({})

/** Reads a JSON file of overrides (any subset of the fields above); absent file → defaults. */
export function loadScoringConfig(json: string | undefined): ScoringConfig {
  if (json === undefined) return defaultScoringConfig
  return scoringConfigSchema.parse(JSON.parse(json))
}
