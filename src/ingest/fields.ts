import { z } from 'zod'
import { regexes } from 'zod/v4/core'
import type { Clock } from '../clock.ts'
import { type FastReader, UNSURE } from './fast-parse.ts'
import { isCountryCode } from './countries.ts'
import {
  domainKey,
  emailKey,
  type Normalized,
  normalizeDomain,
  normalizeEmail,
  topicLabel,
} from './identity.ts'
import { hasLoneSurrogate, UNPAIRED_SURROGATE_MESSAGE } from './json-shape.ts'

/**
 * Field schemas shared by every input path (HTTP, CSV/NDJSON import, webhooks), so a value
 * is accepted or refused for the same reason wherever it arrives.
 */

/** C0 controls other than tab, line feed and carriage return, and DEL. */
function hasControlCharacters(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f)
      return true
  }
  return false
}

/** Unpaired surrogates would be stored as U+FFFD: refused in every text field, not mangled. */
const wellFormed = (value: string) => !hasLoneSurrogate(value)
const unicodeIssue = { message: UNPAIRED_SURROGATE_MESSAGE, params: { code: 'invalid_unicode' } }

/** Trimmed free text without control characters; an empty string is refused. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value), 'must not contain control characters')
    .refine(wellFormed, unicodeIssue)
}

/** `text(max)` as a fast reader (fast-parse.ts): the same trim, limits and predicates. */
export function fastText(max: number): FastReader<string> {
  return (raw) => {
    if (typeof raw !== 'string') return UNSURE
    const value = raw.trim()
    const fits = value.length >= 1 && value.length <= max
    return fits && !hasControlCharacters(value) && wellFormed(value) ? value : UNSURE
  }
}

/**
 * Free text from a loose sender (Segment traits, HubSpot properties), cut at `max` code points
 * (never between the halves of a pair) and kept only if `text(max)` would accept it.
 */
export function looseText(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined
  const clipped = [...value.trim()].slice(0, max).join('')
  const parsed = text(max).safeParse(clipped)
  return parsed.success ? parsed.data : undefined
}

/** A string normalized into a key, refused with the normalizer's reason. */
function keyField<T>(max: number, normalize: (raw: string) => Normalized<T>) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine(wellFormed, unicodeIssue)
    .transform((raw, ctx) => {
      const result = normalize(raw)
      if (result.ok) return result.value
      ctx.addIssue({ code: 'custom', message: `'${raw.slice(0, 100)}' ${result.reason}` })
      return z.NEVER
    })
}

function fastKey<T>(max: number, normalize: (raw: string) => Normalized<T>): FastReader<T> {
  return (raw) => {
    if (typeof raw !== 'string' || raw.length > max || !wellFormed(raw)) return UNSURE
    const result = normalize(raw)
    return result.ok ? result.value : UNSURE
  }
}

const MAX_DOMAIN_LENGTH = 2048
const MAX_EMAIL_LENGTH = 320

const domainMeta = {
  description: 'A domain or URL; stored as its registrable domain.',
  example: 'acme.co.uk',
}
const emailMeta = {
  description: 'An e-mail address; matched case-insensitively.',
  example: 'anna.nowak@acme.pl',
}

/** A domain to write under: look-alikes mixing scripts are refused. */
export const domainField = keyField(MAX_DOMAIN_LENGTH, normalizeDomain).meta(domainMeta)
/** A domain to find, read or erase by: also one stored before look-alikes were refused. */
export const domainKeyField = keyField(MAX_DOMAIN_LENGTH, domainKey).meta(domainMeta)
export const emailField = keyField(MAX_EMAIL_LENGTH, normalizeEmail).meta(emailMeta)
export const emailKeyField = keyField(MAX_EMAIL_LENGTH, emailKey).meta(emailMeta)
export const fastDomain = fastKey(MAX_DOMAIN_LENGTH, normalizeDomain)
export const fastEmail = fastKey(MAX_EMAIL_LENGTH, normalizeEmail)

const MAX_TOPIC_LENGTH = 200
export const topicField = text(MAX_TOPIC_LENGTH)
  .transform(topicLabel)
  .meta({ description: 'Matched case- and whitespace-insensitively.', example: 'Data Warehouse' })
const fastTopicText = fastText(MAX_TOPIC_LENGTH)
export const fastTopic: FastReader<string> = (raw) => {
  const value = fastTopicText(raw)
  return value === UNSURE ? UNSURE : topicLabel(value)
}

export const countryField = z
  .string()
  .transform((value) => value.trim().toUpperCase())
  .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code such as PL, DE or US')
  .meta({ example: 'PL' })

export const urlField = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2048, 'must be at most 2048 characters')
  .refine(wellFormed, unicodeIssue)

/** A URL's rule is zod's own (WHATWG parsing): the fast path asks this one field's schema. */
export const fastUrl: FastReader<string> = (raw) => {
  const parsed = urlField.safeParse(raw)
  return parsed.success ? parsed.data : UNSURE
}

/** A `z.number().min(min).max(max)`, with `.int()` when `int`: finite, in range, whole. */
export function fastNumber(min: number, max: number, int = false): FastReader<number> {
  return (raw) =>
    typeof raw === 'number' &&
    Number.isFinite(raw) &&
    raw >= min &&
    raw <= max &&
    (!int || Number.isInteger(raw))
      ? raw
      : UNSURE
}

/** A `z.enum(values)`. */
export function fastEnum<T extends string>(values: readonly T[]): FastReader<T> {
  const known = new Set<unknown>(values)
  return (raw) => (known.has(raw) ? (raw as T) : UNSURE)
}

const EARLIEST = Date.UTC(2000, 0, 1)
/** Clocks drift; a day of tolerance keeps honest senders from being refused. */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000

/** Why an instant is out of the accepted range, or null. */
function instantProblem(ms: number, clock: Clock): string | null {
  if (ms < EARLIEST) return 'must not be before 2000-01-01'
  if (ms > clock.now() + FUTURE_TOLERANCE_MS) return 'must not be more than a day in the future'
  return null
}

/** An ISO 8601 instant with a time zone, as milliseconds since the epoch. */
export function instantField(clock: Clock) {
  return z.iso
    .datetime({
      offset: true,
      error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-02T09:30:00Z',
    })
    .transform((value, ctx) => {
      const ms = Date.parse(value)
      const problem = instantProblem(ms, clock)
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
      return ms
    })
    .meta({ example: '2026-11-02T09:30:00Z' })
}

/**
 * The pattern `z.iso.datetime({ offset: true })` builds for itself (zod's exported regex
 * factory, called with the same options; a test holds the two equal).
 */
export const INSTANT_PATTERN = regexes.datetime({ offset: true })

export function fastInstant(clock: Clock): FastReader<number> {
  return (raw) => {
    if (typeof raw !== 'string' || !INSTANT_PATTERN.test(raw)) return UNSURE
    const ms = Date.parse(raw)
    return instantProblem(ms, clock) === null ? ms : UNSURE
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const MAX_ATTRIBUTES_BYTES = 16 * 1024
const MAX_DEPTH = 6

/**
 * Walks an attributes value at most MAX_DEPTH deep (the body's shape was checked first, see
 * json-shape.ts); true when it added an issue.
 */
function checkJsonTree(value: unknown, path: (string | number)[], ctx: z.RefinementCtx): boolean {
  const issue = (message: string, at = path) => {
    ctx.addIssue({ code: 'custom', message, path: at })
    return true
  }
  if (path.length > MAX_DEPTH) return issue(`must not nest deeper than ${MAX_DEPTH} levels`)
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return issue('must not contain NUL characters')
    if (hasLoneSurrogate(value)) return issue(UNPAIRED_SURROGATE_MESSAGE)
    return false
  }
  let found = false
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      found = checkJsonTree(item, [...path, index], ctx) || found
    })
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (FORBIDDEN_KEYS.has(key)) found = issue(`the key '${key}' is not allowed`, [...path, key])
      else if (hasLoneSurrogate(key))
        found = issue(`has a key that ${UNPAIRED_SURROGATE_MESSAGE}`, [...path, key])
      else found = checkJsonTree(item, [...path, key], ctx) || found
    }
  }
  return found
}

/** Free-form attributes: checked before zod copies the object, so no key can reach a prototype. */
export const attributesField = z
  .unknown()
  .superRefine((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object' })
      return
    }
    // Measured only once the tree is known to be shallow: JSON.stringify recurses.
    if (checkJsonTree(value, [], ctx)) return
    if (JSON.stringify(value).length > MAX_ATTRIBUTES_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message: `must be at most ${MAX_ATTRIBUTES_BYTES} bytes as JSON`,
      })
    }
  })
  .transform((value) => value as Record<string, unknown>)
  .meta({
    type: 'object',
    description: 'Free-form JSON object, at most 16 KiB.',
    example: { crmId: '0015g00000XyZ' },
  })
