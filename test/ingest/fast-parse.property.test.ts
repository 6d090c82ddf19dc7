import { SIGNAL_TYPES } from '../../src/vocabulary.ts'
import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { z } from 'zod'
import { fastParseOf, UNSURE } from '../../src/ingest/fast-parse.ts'
import { safeShape } from '../../src/ingest/json-shape.ts'
import { createIngestSchemas } from '../../src/ingest/schemas.ts'
import { DEFAULT_TAXONOMY } from '../../src/taxonomy/default.ts'
import { compileTaxonomy } from '../../src/taxonomy/match.ts'

/**
 * The signal fast path against zod, on generated signals: valid ones, near-valid ones (one
 * field off by a little) and junk. Whenever the fast path accepts, zod accepts with a strictly
 * equal output (key presence and order included); whenever zod refuses, the fast path does not
 * accept. zod is called through `z.safeParse`, which the fast path does not intercept.
 */
const NOW = Date.UTC(2026, 10, 30, 12)
const taxonomy = compileTaxonomy(DEFAULT_TAXONOMY)
const schemas = createIngestSchemas(
  { now: () => NOW },
  (evidence) => taxonomy.match(evidence)?.topic ?? null,
)
const RUNS = { numRuns: 2000 }

const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
)
const nasty = fc.constantFrom(
  '',
  ' ',
  '\t\n',
  'a\u0000b',
  'bell\u0007',
  'del\u007f',
  'lone \ud800 high',
  'lone \udc00 low',
  'pair \ud83d\ude00 ok',
  '\u00a0nbsp\u00a0',
  '\ufeffbom',
  'x'.repeat(201),
  'x'.repeat(501),
)
/** Each field's good values (first) and its wild ones: padded, nasty, junk, near misses. */
const goodText = fc.oneof(
  fc.constantFrom('web', 'Hubspot', 'Zażółć gęślą', 'a b', 'pair \ud83d\ude00 ok'),
  fc.string({ minLength: 1, maxLength: 20 }).filter((v) => v.trim() !== ''),
)
const goodDomain = fc.constantFrom(
  'acme.pl',
  'ACME.co.uk',
  'https://www.acme.com/pricing?x=1',
  'shop.acme.de.',
  'bücher.de',
  'xn--bcher-kva.de',
)
const badDomain = fc.constantFrom(
  'xn--cme-8cd.com',
  'localhost',
  'co.uk',
  'acme.invalidtld',
  '192.168.0.1',
  'a'.repeat(2049),
)
const goodEmail = fc.constantFrom('anna@acme.pl', 'Anna.Nowak@ACME.pl', 'jan@gmail.com')
const badEmail = fc.constantFrom(
  'x@co.uk',
  'no-at-sign',
  '@acme.pl',
  'a..b@acme.pl',
  `${'l'.repeat(65)}@acme.pl`,
  'anna@xn--cme-8cd.com',
)
const goodInstant = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: NOW + 86_400_000 })
  .map((ms) => new Date(ms).toISOString())
const nearInstant = fc.oneof(
  fc
    .integer({ min: Date.UTC(1999, 0, 1), max: NOW + 3 * 86_400_000 })
    .map((ms) => new Date(ms).toISOString()),
  fc.constantFrom(
    '2026-11-02T09:30:00.123456+02:00',
    '2026-11-02T09:30:00-23:59',
    '2026-11-02T09:30:00+24:00',
    '2026-11-02T09:30Z',
    '2026-11-02T09:30:00',
    '2026-11-02',
    '2026-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2026-11-02T24:00:00Z',
    '1999-12-31T23:59:59Z',
    '2000-01-01T00:00:00Z',
    '2026-12-01T12:00:00Z',
    '2026-12-01T12:00:00.001Z',
    '2026-11-02t09:30:00z',
  ),
)
const goodUrl = fc.constantFrom(
  'https://www.g2.com/categories/crm',
  'https://www.capterra.com/data-warehouse-software/',
  'http://acme.pl/a b',
  'https://acme.pl/lunch',
)
const badUrl = fc.constantFrom(
  'ftp://acme.pl/',
  'javascript:alert(1)',
  'not a url',
  `https://acme.pl/${'p'.repeat(2040)}`,
)
const goodEvidence = fc.oneof(
  fc.constantFrom(
    'Jak wybrać hurtownię danych?',
    'best CRM software 2026',
    'cloud security posture',
    'ERP for manufacturing',
    'lunch menu',
  ),
  goodText,
)
const goodTopic = fc.constantFrom('Data Warehouse', '  data   warehouse ', 'Ｄａｔａ', 'CRM')
const number = (max: number, int: boolean) =>
  int ? fc.integer({ min: 0, max }) : fc.double({ min: 0, max, noNaN: true })
const nearNumber = (max: number) =>
  fc.oneof(
    fc.double({ min: -1, max: max + 1 }),
    fc.constantFrom(-0, max + 1, 0.5, -1, Number.NaN, Number.POSITIVE_INFINITY),
  )

const FIELDS = {
  id: [goodText, nasty],
  type: [fc.constantFrom(...SIGNAL_TYPES), fc.constantFrom('Content', ' content', 'unknown')],
  account: [goodDomain, badDomain],
  contact: [goodEmail, badEmail],
  topic: [goodTopic, nasty],
  action: [goodText, nasty],
  occurredAt: [goodInstant, nearInstant],
  weight: [number(1000, false), nearNumber(1000)],
  durationSeconds: [number(7 * 86_400, true), nearNumber(7 * 86_400)],
  source: [goodText, nasty],
  url: [goodUrl, badUrl],
  title: [goodEvidence, nasty],
  query: [goodEvidence, nasty],
} as const
type Field = keyof typeof FIELDS
const NAMES = Object.keys(FIELDS) as Field[]

/** Fields zod trims (or a normalizer does): a padded good value is still good. */
const TRIMMED = new Set<Field>([
  'id',
  'account',
  'contact',
  'topic',
  'action',
  'source',
  'title',
  'query',
])
const REQUIRED = new Set<Field>(['type', 'occurredAt'])

/** A field's value: good, padded where trimmed, null or undefined (read as absent) where optional. */
const fieldValue = (field: Field) => {
  const good = FIELDS[field][0] as fc.Arbitrary<unknown>
  const padded = good.map((v) => (typeof v === 'string' && TRIMMED.has(field) ? `  ${v}\t` : v))
  const absent = REQUIRED.has(field) ? good : fc.constantFrom(null, undefined)
  return fc.oneof(
    { weight: 5, arbitrary: good },
    { weight: 1, arbitrary: padded },
    { weight: 1, arbitrary: absent },
  )
}
const wildOf = (field: Field) => fc.oneof(FIELDS[field][1] as fc.Arbitrary<unknown>, nasty, junk)

/** A signal of good values on a random set of fields, then up to two fields made wild or dropped. */
const signal = fc
  .tuple(
    fc
      .subarray(NAMES)
      .chain((names) =>
        fc.tuple(...names.map((name) => fieldValue(name).map((value) => [name, value] as const))),
      ),
    fc.array(
      fc.constantFrom(...NAMES).chain((name) =>
        fc.oneof(
          wildOf(name).map((value) => [name, value] as const),
          fc.constant([name, 'drop'] as const),
        ),
      ),
      { maxLength: 2 },
    ),
    fc.oneof(
      { weight: 9, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'extra', 'Type') },
    ),
    fc.boolean(),
  )
  .map(([entries, changes, extra, nullPrototype]) => {
    const item: Record<string, unknown> = nullPrototype ? Object.create(null) : {}
    // The common shape underneath: a type, an instant and an account.
    Object.assign(item, { type: 'web_visit', occurredAt: '2026-11-02T09:30:00Z' })
    item.account = 'acme.pl'
    for (const [name, value] of entries) item[name] = value
    for (const [name, value] of changes)
      if (value === 'drop') delete item[name]
      else item[name] = value
    // Set as JSON.parse sets it: an own, enumerable key, not the prototype.
    if (extra !== null)
      Object.defineProperty(item, extra, {
        value: 1,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    return item
  })
const anySignal = fc.oneof(
  { weight: 9, arbitrary: signal },
  { weight: 1, arbitrary: fc.anything() },
)

function agreesWithZod(schema: z.ZodType, value: unknown) {
  const fast = fastParseOf(schema)!(value)
  const zod = z.safeParse(schema, value)
  if (fast !== UNSURE) {
    expect(zod.success).toBe(true)
    expect(fast).toStrictEqual(zod.data)
    expect(Object.keys(fast as object)).toEqual(Object.keys(zod.data as object))
  }
  if (!zod.success) expect(fast).toBe(UNSURE)
  return fast !== UNSURE
}

describe('the signal fast path', () => {
  test.prop([anySignal], RUNS)('agrees with zod on a signal', (value) => {
    agreesWithZod(schemas.signal, value)
  })

  test.prop([fc.array(anySignal, { maxLength: 6 })], { numRuns: 500 })(
    'agrees with zod on a batch, and with the route body schema (shape walk first)',
    (signals) => {
      agreesWithZod(schemas.signalBatch, { signals })
      agreesWithZod(safeShape(schemas.signalBatch), { signals })
    },
  )

  const goodSignal = fc.record(
    {
      id: fc.constantFrom('x1', '  crm-0015g  '),
      type: fc.constantFrom(...SIGNAL_TYPES),
      account: fc.constantFrom('acme.pl', 'ACME.co.uk', 'https://www.acme.com/pricing'),
      contact: fc.constantFrom('anna@acme.pl', 'Jan@GMAIL.com', null),
      topic: fc.constantFrom('Data Warehouse', '  crm   software '),
      occurredAt: fc
        .integer({ min: Date.UTC(2000, 0, 1), max: NOW })
        .map((ms) => new Date(ms).toISOString()),
      weight: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
    },
    { requiredKeys: ['type', 'account', 'topic', 'occurredAt'] },
  )
  test.prop([fc.array(goodSignal, { minLength: 1, maxLength: 4 })], { numRuns: 300 })(
    'accepts every signal of the common shape, as zod does',
    (signals) => {
      expect(agreesWithZod(schemas.signalBatch, { signals })).toBe(true)
    },
  )
})
