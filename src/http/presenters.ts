import { LABELS, STAGES } from '../vocabulary.ts'
import { z } from 'zod'
import type { ScoredView } from '../domain/score-view.ts'
import type { StoredScore } from '../domain/score-writes.ts'
import { CommitteeSchema, presentCommittee } from './presenters-people.ts'
import { type AccountIntent, TOPICS_SHOWN } from '../domain/intent.ts'
import type { Account } from '../records.ts'
import { displayDomain } from '../ingest/identity.ts'
import { familyOf } from '../scoring/feature-record.ts'
import { sigmoid } from '../scoring/model.ts'
import { effectOf } from '../scoring/reasons/index.ts'
import { encodeCursor } from './cursor.ts'
import { iso, isoInstant, isoOrNull } from './openapi.ts'
import { type Categories, presentTopicSurge, TopicSurgeSchema } from './presenters-topics.ts'

export {
  type Categories,
  categoryField,
  presentTopicSurge,
  shownTopicIds,
  TopicSurgeSchema,
} from './presenters-topics.ts'

/** Response shapes: domain records with times as ISO 8601 strings. */

export const AccountSchema = z
  .object({
    domain: z
      .string()
      .meta({ description: 'Registrable domain in ASCII (punycode) form: the key.' }),
    displayDomain: z.string().meta({ description: 'The domain in Unicode, for display.' }),
    name: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().int().nullable(),
    revenue: z.number().nullable(),
    country: z.string().nullable(),
    technologies: z.array(z.string()),
    attributes: z.record(z.string(), z.unknown()),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Account' })

export const IntentSchema = z
  .object({
    surgingTopics: z.array(z.string()),
    surgingCategories: z.array(z.string()).meta({
      description:
        "Taxonomy categories whose topics' pooled activity rises significantly (tested like one topic, corrected for the number of categories), strongest first. A category can surge from several small rises none of which surges alone.",
      example: ['Security'],
    }),
    breadth: z.number().meta({ description: 'Share of recently active topics that surge (0–1).' }),
    momentum: z.number().meta({
      description: 'Robust trend of daily activity: change per week relative to its mean.',
    }),
    engagement: z.number().meta({
      description:
        "All weighted activity, each signal faded by its type's half-life (content reads).",
    }),
    lastSignalAt: isoInstant.nullable(),
  })
  .meta({ id: 'Intent' })

export const InMarketSchema = z
  .object({
    score: z.number().int().meta({ description: '0–100: the probability in percent, rounded.' }),
    probability: z
      .number()
      .meta({ description: 'Chance of an opportunity (or win) within the model horizon.' }),
    label: z.enum(LABELS).meta({ description: 'hot ≥ 60, warm ≥ 30, cold below.' }),
    stage: z.enum(STAGES),
    base: z.number().meta({ description: "The model's base log-odds (an average account)." }),
    baseProbability: z.number().meta({
      description: "The base as a probability: the model's base rate for an average account.",
    }),
    logOdds: z.number().meta({ description: 'base + Σ contributions, exactly.' }),
    reasons: z.array(
      z.object({
        factor: z.string().meta({
          description:
            'The feature: an intent feature (`surge_max`, `engagement`…), `signals.<type>`, `minutes.<type>`, `action`, `source`, `page`, a firmographic (`industry`, `size`, `revenue`, `country`, `technologies`) or an account attribute (`attr.<key>`).',
        }),
        family: z.enum(['intent', 'behaviour', 'firmographic', 'attribute']),
        contribution: z.number().meta({
          description:
            'Share of the log-odds against an average account: positive raises the score, negative lowers it.',
        }),
        effect: z.enum(['raises', 'lowers', 'none']).meta({
          description: 'The sign of the contribution rounded to 3 decimals: `none` moves nothing.',
        }),
        text: z.string().meta({ description: 'The reason in English.' }),
        params: z
          .object({
            variant: z.string(),
            values: z.record(z.string(), z.union([z.string(), z.number()])),
          })
          .optional()
          .meta({
            description:
              "The numbers behind `text`, to phrase it in another language: `variant` names the sentence (per factor), `values` fill it; lists are joined with '|'. Absent on scores stored before it existed.",
          }),
      }),
    ),
    model: z.string().meta({ description: 'Id of the model that scored.' }),
  })
  .meta({ id: 'InMarket' })

export const FitSchema = z
  .object({
    score: z.number().int().nullable(),
    grade: z.enum(['A', 'B', 'C', 'D']).nullable().meta({
      description:
        'A 75+, B 50–74, C 25–49, D below; null when nothing to grade against is configured.',
    }),
    matched: z.array(z.string()),
    missed: z.array(z.string()),
    basis: z.enum(['profile', 'lookalike']).nullable().meta({
      description:
        "profile: the ideal customer profile in SCORING_CONFIG; lookalike: the won accounts' firmographics the active model learned; null: neither (not configured).",
    }),
  })
  .meta({
    id: 'Fit',
    description:
      'Firmographic fit against the ideal customer profile, or a lookalike of won accounts.',
  })

export const AccountDetailSchema = AccountSchema.extend({
  asOf: isoInstant,
  computedAt: isoInstant.meta({
    description: 'When this score was computed (look-ups without asOf read the stored one).',
  }),
  stats: z
    .object({
      contacts: z.number().int(),
      signals: z.number().int(),
      lastSignalAt: isoInstant.nullable(),
    })
    .meta({
      description:
        'As of `asOf`: the signals that had occurred by then and the last of them; `contacts` counts every known contact (a contact has no time of its own).',
    }),
  topics: z.array(TopicSurgeSchema).meta({
    description:
      'The first 50 topics by surge, then recent activity. `topicsTotal` says how many there are; `topicsNextCursor` pages the rest at GET /v1/accounts/{domain}/topics.',
  }),
  topicsTotal: z.number().int().meta({ description: 'How many topics the account has in all.' }),
  topicsNextCursor: z.string().nullable().meta({
    description:
      'Pass as `cursor` to GET /v1/accounts/{domain}/topics for the topics after these; null when these are all.',
  }),
  intent: IntentSchema,
  inMarket: InMarketSchema,
  fit: FitSchema,
  committee: CommitteeSchema,
}).meta({ id: 'AccountDetail' })

/** Additive fields of the ingest answers: present only when they are not zero. */
export const suppressedCount = z.number().int().optional().meta({
  description:
    'Dropped because they name an erased (suppressed) person or account; present only when not 0.',
})

export const IngestWarningsSchema = z
  .array(
    z.object({
      code: z.enum(['topics_capped']).meta({
        description:
          'topics_capped: the account already has the most distinct topics a window allows (maxTopicsPerWindow, 1000 per 21 days by default); these signals were stored without their topic.',
      }),
      account: z.string(),
      signals: z.number().int(),
      message: z.string(),
    }),
  )
  .optional()
  .meta({ description: 'What the sender should know about stored data; present only when any.' })

export const IngestResultSchema = z
  .object({
    accepted: z.number().int().meta({ description: 'Newly stored.' }),
    duplicates: z.number().int().meta({ description: 'Already stored before; nothing changed.' }),
    suppressed: suppressedCount,
    warnings: IngestWarningsSchema,
  })
  .meta({ id: 'IngestResult' })

export const UpsertCountsSchema = z
  .object({
    created: z.number().int().meta({ description: 'New records.' }),
    updated: z.number().int().meta({ description: 'Existing records with a field changed.' }),
    unchanged: z
      .number()
      .int()
      .meta({ description: 'Existing records the item changed nothing of (a rerun of a sync).' }),
  })
  .meta({ id: 'UpsertCounts' })

export function presentAccount(account: Account): z.infer<typeof AccountSchema> {
  return {
    domain: account.domain,
    displayDomain: displayDomain(account.domain),
    name: account.name,
    industry: account.industry,
    employees: account.employees,
    revenue: account.revenue,
    country: account.country,
    technologies: account.technologies,
    attributes: account.attributes,
    createdAt: iso(account.createdAt),
    updatedAt: iso(account.updatedAt),
  }
}

/** The look-up's bounded topics, their count, and the cursor to the rest. */
function presentShownTopics(intent: AccountIntent, categories: Categories) {
  const shown = intent.topics.slice(0, TOPICS_SHOWN)
  const total = intent.topicsTotal ?? intent.topics.length
  return {
    topics: shown.map((topic) => presentTopicSurge(topic, categories)),
    topicsTotal: total,
    topicsNextCursor:
      total > shown.length ? encodeCursor({ asOf: intent.asOf, offset: shown.length }) : null,
  }
}

/** The counts are the view's, as of the same instant as its score. */
export function presentAccountDetail(
  account: Account,
  scored: ScoredView,
  categories: Categories,
): z.infer<typeof AccountDetailSchema> {
  const committee = scored.committee
  const intent = scored.intent
  const { score, probability, label, stage, base, logOdds, reasons, model } = scored.inMarket
  const { score: fitScore, grade, matched, missed } = scored.fit
  return {
    computedAt: iso(scored.computedAt),
    committee: presentCommittee(committee),
    inMarket: {
      score,
      probability: Math.round(probability * 10_000) / 10_000,
      label,
      stage,
      base,
      baseProbability: Math.round(sigmoid(base) * 10_000) / 10_000,
      logOdds,
      reasons: reasons.map(({ factor, contribution, text, params }) => ({
        factor,
        family: familyOf(factor),
        contribution,
        effect: effectOf(contribution),
        text,
        params,
      })),
      model,
    },
    fit: { score: fitScore, grade, matched, missed, basis: scored.fit.basis ?? null },
    ...presentAccount(account),
    asOf: iso(intent.asOf),
    stats: { ...scored.stats, lastSignalAt: isoOrNull(scored.stats.lastSignalAt) },
    ...presentShownTopics(intent, categories),
    intent: {
      ...intent.intent,
      // Scores stored before categories existed have none.
      surgingCategories: intent.intent.surgingCategories ?? [],
      lastSignalAt: isoOrNull(intent.intent.lastSignalAt),
    },
  }
}

export const ScoreSummarySchema = z
  .object({
    score: z.number().int(),
    probability: z.number(),
    label: z.enum(['hot', 'warm', 'cold']),
    stage: z.string(),
    surgingTopics: z.array(z.string()),
    fitGrade: z.enum(['A', 'B', 'C', 'D']).nullable(),
    computedAt: isoInstant,
  })
  .meta({ id: 'ScoreSummary' })

export function presentScoreSummary(score: StoredScore): z.infer<typeof ScoreSummarySchema> {
  return {
    score: score.score,
    probability: Math.round(score.probability * 10_000) / 10_000,
    label: score.label as 'hot' | 'warm' | 'cold',
    stage: score.stage,
    surgingTopics: score.surgingTopics,
    fitGrade: score.fitGrade as 'A' | 'B' | 'C' | 'D' | null,
    computedAt: iso(score.computedAt),
  }
}
