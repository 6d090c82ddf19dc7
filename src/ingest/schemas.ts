import {
  JOB_FUNCTIONS,
  OUTCOME_TYPES,
  SENIORITIES,
  SIGNAL_TYPES,
  type SignalType,
} from '../vocabulary.ts'
import { z } from 'zod'
import type { Clock } from '../clock.ts'
import type { TopicEvidence } from '../taxonomy/types.ts'
import {
  fastArray,
  fastStrictObject,
  optional as fastOptional,
  required as fastRequired,
  UNSURE,
  withFastParse,
} from './fast-parse.ts'
import {
  attributesField,
  countryField,
  domainField,
  emailField,
  fastDomain,
  fastEmail,
  fastEnum,
  fastInstant,
  fastNumber,
  fastText,
  fastTopic,
  fastUrl,
  instantField,
  text,
  topicField,
  urlField,
} from './fields.ts'

/** Types whose meaning is "researching a category": without a topic they say nothing. */
export const TOPIC_REQUIRED: ReadonlySet<SignalType> = new Set(['content', 'search', 'review'])

export const MAX_BATCH = 5000

/** The longest `title` and `query` a signal may carry. */
export const MAX_EVIDENCE_LENGTH = 500

/**
 * The taxonomy topic a signal's url, title or query names, or null: ingest gives it to a signal
 * sent without a topic. Validation calls it, so that a content, search or review signal whose
 * topic is neither sent nor derivable is refused with the batch's other issues.
 */
export type TopicDeriver = (evidence: TopicEvidence) => string | null

const noTaxonomy: TopicDeriver = () => null

/**
 * `null` is read as "not given", as JSON senders often write it that way. The optional is the
 * outside wrapper on purpose: zod answers an absent field at once there, while a transform
 * around the optional would run for each of a signal's absent fields (half its parse time).
 */
const optional = <T extends z.ZodType>(schema: T) =>
  schema
    .nullable()
    .transform((value) => value ?? undefined)
    .optional()

/** In a PUT, an absent field keeps its value and `null` clears it. */
const clearable = <T extends z.ZodType>(schema: T) => schema.nullable().optional()

export const accountBodySchema = z
  .strictObject({
    name: clearable(text(200)),
    industry: clearable(text(100)),
    employees: clearable(z.number().int('must be a whole number').min(0).max(10_000_000)),
    revenue: clearable(z.number().min(0).max(1e13).meta({ description: 'Annual revenue in USD.' })),
    country: clearable(countryField),
    technologies: clearable(
      z
        .array(text(100))
        .max(200, 'must list at most 200 technologies')
        .transform((items) => [...new Set(items)]),
    ),
    attributes: clearable(attributesField),
  })
  .meta({ id: 'AccountInput' })

export const contactBodySchema = z
  .strictObject({
    name: clearable(text(200)),
    title: clearable(text(200)),
    account: clearable(domainField),
    function: clearable(
      z
        .enum(JOB_FUNCTIONS)
        .meta({ description: 'Overrides the function read from the title; null clears.' }),
    ),
    seniority: clearable(
      z
        .enum(SENIORITIES)
        .meta({ description: 'Overrides the seniority read from the title; null clears.' }),
    ),
  })
  .meta({ id: 'ContactInput' })

/** Accounts or contacts per bulk upsert: one transaction, well under a second to write. */
export const MAX_UPSERT_BATCH = 1000

/**
 * A bulk upsert's list: one item per key, so that no item silently overwrites another of the
 * same request. The second use of a key is refused at its own index. The check runs beside
 * the items' own (`when`), so that every issue of the request is listed at once; an item whose
 * key is itself invalid (not a string after parsing) has that issue instead.
 */
function upsertBatchOf<T extends z.ZodType>(
  item: T,
  noun: string,
  key: { field: string; of: (item: z.output<T>) => unknown },
) {
  return z
    .array(item)
    .min(1, `must contain at least one ${noun}`)
    .max(MAX_UPSERT_BATCH, `must contain at most ${MAX_UPSERT_BATCH} ${noun}s per request`)
    .superRefine(
      (items, ctx) => {
        const first = new Map<string, number>()
        items.forEach((value, index) => {
          // With `when`, this runs over items that failed their own schema too: a null or a
          // list has no key to compare (its own issue says why).
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return
          const id = key.of(value)
          if (typeof id !== 'string') return
          const earlier = first.get(id)
          if (earlier === undefined) first.set(id, index)
          else
            ctx.addIssue({
              code: 'custom',
              message: `names the same ${noun} as item ${earlier} ('${id.slice(0, 100)}'): send each ${noun} once per request`,
              path: [index, key.field],
              params: { code: 'duplicate' },
            })
        })
      },
      { when: (payload) => Array.isArray(payload.value) },
    )
}

/** `POST /v1/accounts/batch`: each item is a PUT /v1/accounts/{domain} body with its `domain`. */
export const accountBatchSchema = z
  .strictObject({
    accounts: upsertBatchOf(
      z
        .strictObject({ domain: domainField, ...accountBodySchema.shape })
        .meta({ id: 'AccountBatchItem' }),
      'account',
      { field: 'domain', of: (item) => item.domain },
    ),
  })
  .meta({ id: 'AccountBatch' })

/** `POST /v1/contacts/batch`: each item is a PUT /v1/contacts/{email} body with its `email`. */
export const contactBatchSchema = z
  .strictObject({
    contacts: upsertBatchOf(
      z
        .strictObject({ email: emailField, ...contactBodySchema.shape })
        .meta({ id: 'ContactBatchItem' }),
      'contact',
      { field: 'email', of: (item) => (item.email as { email?: unknown } | undefined)?.email },
    ),
  })
  .meta({ id: 'ContactBatch' })

const MAX_WEIGHT = 1000
const MAX_DURATION_SECONDS = 7 * 86_400

interface SignalFields {
  type: SignalType
  account?: string | undefined
  contact?: unknown
  topic?: string | undefined
  url?: string | undefined
  title?: string | undefined
  query?: string | undefined
}

/**
 * The rules across a signal's fields, for zod's transform and the fast path alike: each
 * problem goes to `report`; the answer is the taxonomy's topic for a signal sent without one.
 */
function checkSignal(
  value: SignalFields,
  deriveTopic: TopicDeriver,
  report: (path: 'account' | 'topic', message: string) => void,
): string | null {
  if (value.account === undefined && value.contact === undefined)
    report('account', 'a signal needs an account or a contact')
  const evidence = value.url ?? value.title ?? value.query
  // A sent topic always wins; the taxonomy is asked only when there is none.
  const derivedTopic =
    value.topic === undefined && evidence !== undefined ? deriveTopic(value) : null
  if (TOPIC_REQUIRED.has(value.type) && value.topic === undefined && derivedTopic === null) {
    report(
      'topic',
      evidence === undefined
        ? `is required for ${value.type} signals (or a url, title or query that a taxonomy topic matches)`
        : `is required for ${value.type} signals: no taxonomy topic matches their url, title or query`,
    )
  }
  return derivedTopic
}

export function createIngestSchemas(clock: Clock, deriveTopic: TopicDeriver = noTaxonomy) {
  const instant = instantField(clock)

  const signalFields = z.strictObject({
    id: optional(text(200)),
    type: z.enum(SIGNAL_TYPES, { error: `must be one of ${SIGNAL_TYPES.join(', ')}` }),
    account: optional(domainField),
    contact: optional(emailField),
    topic: optional(topicField),
    action: optional(text(100)),
    occurredAt: instant,
    weight: optional(
      z
        .number()
        .min(0)
        .max(MAX_WEIGHT)
        .meta({ description: 'Overrides the weight of the signal type.' }),
    ),
    durationSeconds: optional(
      z.number().int('must be a whole number').min(0).max(MAX_DURATION_SECONDS),
    ),
    source: optional(text(100)),
    url: optional(urlField),
    title: optional(
      text(MAX_EVIDENCE_LENGTH).meta({
        description:
          'The title of the page or document; without a `topic`, the taxonomy may name one from it.',
        example: 'Jak wybrać hurtownię danych?',
      }),
    ),
    query: optional(
      text(MAX_EVIDENCE_LENGTH).meta({
        description:
          'The terms of a search; without a `topic`, the taxonomy may name one from them.',
        example: 'hurtownia danych w chmurze',
      }),
    ),
  })
  const signalSchema = signalFields
    .transform((value, ctx) => {
      const derivedTopic = checkSignal(value, deriveTopic, (path, message) =>
        ctx.addIssue({ code: 'custom', message, path: [path] }),
      )
      // Set on zod's own fresh output object: a copy here costs more than the matching.
      if (derivedTopic !== null) (value as { derivedTopic?: string }).derivedTopic = derivedTopic
      return value as typeof value & { derivedTopic?: string }
    })
    .meta({ id: 'Signal' })

  const outcome = z
    .strictObject({
      id: optional(text(200)),
      account: domainField,
      type: z.enum(OUTCOME_TYPES, { error: `must be one of ${OUTCOME_TYPES.join(', ')}` }),
      occurredAt: instant,
      amount: optional(z.number().min(0).max(1e13).meta({ description: 'Deal value in USD.' })),
    })
    .meta({ id: 'Outcome' })

  const readSignalFields = fastStrictObject<z.output<typeof signalFields>>({
    id: fastOptional(fastText(200)),
    type: fastRequired(fastEnum(SIGNAL_TYPES)),
    account: fastOptional(fastDomain),
    contact: fastOptional(fastEmail),
    topic: fastOptional(fastTopic),
    action: fastOptional(fastText(100)),
    occurredAt: fastRequired(fastInstant(clock)),
    weight: fastOptional(fastNumber(0, MAX_WEIGHT)),
    durationSeconds: fastOptional(fastNumber(0, MAX_DURATION_SECONDS, true)),
    source: fastOptional(fastText(100)),
    url: fastOptional(fastUrl),
    title: fastOptional(fastText(MAX_EVIDENCE_LENGTH)),
    query: fastOptional(fastText(MAX_EVIDENCE_LENGTH)),
  })
  const fastSignal = (raw: unknown): z.output<typeof signalSchema> | typeof UNSURE => {
    const value = readSignalFields(raw)
    if (value === UNSURE) return UNSURE
    let sure = true
    const derivedTopic = checkSignal(value, deriveTopic, () => {
      sure = false
    })
    if (!sure) return UNSURE
    if (derivedTopic !== null) (value as { derivedTopic?: string }).derivedTopic = derivedTopic
    return value
  }
  const signal = withFastParse(signalSchema, fastSignal)

  const batchOf = <T extends z.ZodType>(item: T, noun: string) =>
    z
      .array(item)
      .min(1, `must contain at least one ${noun}`)
      .max(MAX_BATCH, `must contain at most ${MAX_BATCH} ${noun}s per request`)

  const signalBatch = z
    .strictObject({ signals: batchOf(signal, 'signal') })
    .meta({ id: 'SignalBatch' })
  const readSignalBatch = fastStrictObject<z.output<typeof signalBatch>>({
    signals: fastRequired(fastArray(fastSignal, 1, MAX_BATCH)),
  })

  return {
    signal,
    outcome,
    signalBatch: withFastParse(signalBatch, readSignalBatch),
    outcomeBatch: z
      .strictObject({ outcomes: batchOf(outcome, 'outcome') })
      .meta({ id: 'OutcomeBatch' }),
  }
}

export type IngestSchemas = ReturnType<typeof createIngestSchemas>
export type AccountInput = z.output<typeof accountBodySchema>
export type ContactInput = z.output<typeof contactBodySchema>
export type AccountBatchItem = z.output<typeof accountBatchSchema>['accounts'][number]
export type ContactBatchItem = z.output<typeof contactBatchSchema>['contacts'][number]
type ParsedSignal = z.output<IngestSchemas['signal']>
/** A validated signal; `derivedTopic` is the taxonomy's topic for one sent without a topic. */
export type SignalInput = Omit<ParsedSignal, 'title' | 'query' | 'derivedTopic'> & {
  title?: string | undefined
  query?: string | undefined
  derivedTopic?: string | undefined
}
export type OutcomeInput = z.output<IngestSchemas['outcome']>
