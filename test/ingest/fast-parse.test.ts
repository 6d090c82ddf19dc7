import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fastParseOf, UNSURE } from '../../src/ingest/fast-parse.ts'
import { INSTANT_PATTERN, instantField } from '../../src/ingest/fields.ts'
import { safeShape } from '../../src/ingest/json-shape.ts'
import { createIngestSchemas } from '../../src/ingest/schemas.ts'
import { DEFAULT_TAXONOMY } from '../../src/taxonomy/default.ts'
import { compileTaxonomy } from '../../src/taxonomy/match.ts'

const NOW = Date.UTC(2026, 10, 30, 12)
const clock = { now: () => NOW }
const taxonomy = compileTaxonomy(DEFAULT_TAXONOMY)
const schemas = createIngestSchemas(clock, (evidence) => taxonomy.match(evidence)?.topic ?? null)
const fast = fastParseOf(schemas.signal)!
const base = { type: 'web_visit', account: 'acme.pl', occurredAt: '2026-11-02T09:30:00Z' }

/** The fast path's answer, after checking it is zod's (or that it stepped aside). */
function both(value: unknown) {
  const answer = fast(value)
  const zod = z.safeParse(schemas.signal, value)
  if (answer !== UNSURE) expect(zod).toStrictEqual({ success: true, data: answer })
  return { answer, zod }
}

describe('the signal fast path', () => {
  it('gives zod’s value for a plain signal', () => {
    expect(both(base).answer).toStrictEqual({
      type: 'web_visit',
      account: 'acme.pl',
      occurredAt: Date.parse('2026-11-02T09:30:00Z'),
    })
  })

  it('keeps a null field as a present undefined and leaves an absent one out, as zod', () => {
    const { answer } = both({ ...base, id: null, weight: null, contact: undefined })
    expect(answer).toStrictEqual({
      id: undefined,
      type: 'web_visit',
      account: 'acme.pl',
      contact: undefined,
      occurredAt: Date.parse(base.occurredAt),
      weight: undefined,
    })
    expect(Object.keys(answer as object)).toEqual(
      Object.keys(both({ ...base, id: null, weight: null, contact: undefined }).zod.data!),
    )
  })

  it('trims text and normalizes identities with the fields’ own functions', () => {
    const { answer } = both({
      ...base,
      id: '  crm-1 \t',
      account: ' https://WWW.Acme.co.uk/pricing ',
      contact: ' Anna.Nowak@ACME.pl ',
      topic: '  data   warehouse ',
    })
    expect(answer).toMatchObject({
      id: 'crm-1',
      account: 'acme.co.uk',
      contact: { email: 'anna.nowak@acme.pl', accountDomain: 'acme.pl' },
      topic: 'data warehouse',
    })
  })

  it('steps aside for an empty text, control characters and lone surrogates, which zod refuses', () => {
    for (const id of ['   ', 'a\u0000b', 'tab\u0007', 'x \ud800', '\udc00 y']) {
      const { answer, zod } = both({ ...base, id })
      expect(answer).toBe(UNSURE)
      expect(zod.success).toBe(false)
    }
    expect(both({ ...base, id: 'pair \ud83d\ude00' }).answer).not.toBe(UNSURE)
  })

  it('steps aside for any key it does not know, `__proto__` from JSON.parse included', () => {
    for (const json of [
      `{"type":"web_visit","account":"acme.pl","occurredAt":"2026-11-02T09:30:00Z","__proto__":{"x":1}}`,
      `{"type":"web_visit","account":"acme.pl","occurredAt":"2026-11-02T09:30:00Z","extra":1}`,
      `{"type":"web_visit","account":"acme.pl","occurredAt":"2026-11-02T09:30:00Z","Type":"email"}`,
    ]) {
      const { answer, zod } = both(JSON.parse(json))
      expect(answer).toBe(UNSURE)
      expect(zod.success).toBe(false)
    }
  })

  it('applies the instant rule with the clock: not before 2000, at most a day ahead', () => {
    const day = 86_400_000
    const lastAccepted = both({ ...base, occurredAt: new Date(NOW + day).toISOString() })
    expect(lastAccepted.answer).toMatchObject({ occurredAt: NOW + day })
    for (const occurredAt of [
      new Date(NOW + day + 1).toISOString(),
      '1999-12-31T23:59:59Z',
      '2026-11-02T09:30:00',
      '2026-02-29T00:00:00Z',
    ]) {
      const { answer, zod } = both({ ...base, occurredAt })
      expect(answer).toBe(UNSURE)
      expect(zod.success).toBe(false)
    }
    expect(both({ ...base, occurredAt: '2026-11-02T11:30:00.5+02:00' }).answer).not.toBe(UNSURE)
  })

  it('derives a topic from the title through the taxonomy, and refuses none as zod does', () => {
    const derived = both({ ...base, type: 'content', title: 'Jak wybrać hurtownię danych?' })
    expect(derived.answer).toMatchObject({ derivedTopic: 'Data Warehouse' })
    const sent = both({ ...base, type: 'content', topic: 'CRM', title: 'hurtownia danych' })
    expect(sent.answer).not.toHaveProperty('derivedTopic')
    const none = both({ ...base, type: 'content', title: 'lunch menu' })
    expect(none.answer).toBe(UNSURE)
    expect(none.zod.success).toBe(false)
    expect(both({ ...base, account: null }).answer).toBe(UNSURE)
  })

  it('asks the url field’s own schema', () => {
    expect(both({ ...base, url: 'https://www.g2.com/categories/crm' }).answer).toMatchObject({
      url: 'https://www.g2.com/categories/crm',
      derivedTopic: 'CRM Software',
    })
    expect(both({ ...base, url: 'javascript:alert(1)' }).answer).toBe(UNSURE)
  })

  it('answers a batch only when every signal is sure, within the batch limits', () => {
    const batch = fastParseOf(schemas.signalBatch)!
    expect(batch({ signals: [base, base] })).toStrictEqual(
      z.safeParse(schemas.signalBatch, { signals: [base, base] }).data,
    )
    expect(batch({ signals: [base, { ...base, id: '' }] })).toBe(UNSURE)
    expect(batch({ signals: [] })).toBe(UNSURE)
    expect(batch({ signals: [base], more: 1 })).toBe(UNSURE)
  })
})

describe('a schema with a fast path', () => {
  it('still answers every refusal with zod’s issues, through parse, safeParse and safeParseAsync', async () => {
    const body = { signals: [base, { ...base, id: '', weight: 5000 }] }
    const issues = z.safeParse(schemas.signalBatch, body).error!.issues
    expect(schemas.signalBatch.safeParse(body).error!.issues).toEqual(issues)
    expect((await schemas.signalBatch.safeParseAsync(body)).error!.issues).toEqual(issues)
    expect(() => schemas.signalBatch.parse(body)).toThrow(z.ZodError)
    const route = safeShape(schemas.signalBatch)
    expect((await route.safeParseAsync(body)).error!.issues).toEqual(
      z.safeParse(route, body).error!.issues,
    )
  })

  it('keeps its documented identity (the same instance, its meta id)', () => {
    expect(schemas.signalBatch.meta()).toEqual({ id: 'SignalBatch' })
    expect(schemas.signal.meta()).toEqual({ id: 'Signal' })
  })
})

describe('INSTANT_PATTERN', () => {
  it('is the pattern z.iso.datetime({ offset: true }) checks instants with', () => {
    const schema = instantField(clock) as unknown as { in: { _zod: { def: { pattern: RegExp } } } }
    expect(INSTANT_PATTERN.source).toBe(schema.in._zod.def.pattern.source)
    expect(INSTANT_PATTERN.flags).toBe(schema.in._zod.def.pattern.flags)
  })
})
