import type { z } from 'zod'

/**
 * A precompiled check beside a zod schema: for a value in the common shape it returns exactly
 * what the schema would, and otherwise says UNSURE, so that zod runs and its issues are the
 * answer. It never refuses anything itself, so every refusal is still zod's, word for word.
 * Each reader calls the same normalizers and predicates as the zod field it stands for
 * (fields.ts), so a rule still has one home.
 */
export const UNSURE: unique symbol = Symbol('unsure')
export type Unsure = typeof UNSURE
export type FastReader<T> = (raw: unknown) => T | Unsure

/** A field of a fast object: `optional` is schemas.ts's `optional()`, null read as absent. */
export interface FastField {
  read: FastReader<unknown>
  optional: boolean
}

export const required = (read: FastReader<unknown>): FastField => ({ read, optional: false })
export const optional = (read: FastReader<unknown>): FastField => ({ read, optional: true })

function isPlainObject(raw: unknown): raw is Record<string, unknown> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false
  const prototype = Object.getPrototypeOf(raw)
  return prototype === Object.prototype || prototype === null
}

/**
 * A `z.strictObject` of these fields. The output has zod's key order and presence: shape
 * order, an absent optional key left out, a present null or undefined one kept as undefined.
 * Any key not in the shape (`__proto__` included, as JSON.parse makes it an own key) is UNSURE.
 */
export function fastStrictObject<T>(fields: { [K in keyof T]-?: FastField }): FastReader<T> {
  const keys = Object.keys(fields) as (keyof T & string)[]
  const specs = keys.map((key) => fields[key])
  const known = new Set<string>(keys)
  return (raw) => {
    if (!isPlainObject(raw)) return UNSURE
    // for…in, as zod's strict check, so an inherited enumerable key is seen alike.
    for (const key in raw) if (!known.has(key)) return UNSURE
    const out: Record<string, unknown> = {}
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      const spec = specs[i]!
      if (!(key in raw)) {
        if (spec.optional) continue
        return UNSURE
      }
      const value = raw[key]
      if (value === null || value === undefined) {
        if (!spec.optional) return UNSURE
        out[key] = undefined
        continue
      }
      const read = spec.read(value)
      if (read === UNSURE) return UNSURE
      out[key] = read
    }
    return out as T
  }
}

/** A `z.array(item).min(min).max(max)`: UNSURE as soon as one item is. */
export function fastArray<T>(item: FastReader<T>, min: number, max: number): FastReader<T[]> {
  return (raw) => {
    if (!Array.isArray(raw) || raw.length < min || raw.length > max) return UNSURE
    const out: T[] = new Array(raw.length)
    for (let i = 0; i < raw.length; i++) {
      const value = item(raw[i])
      if (value === UNSURE) return UNSURE
      out[i] = value
    }
    return out
  }
}

const FAST_PARSE = Symbol('fastParse')

/**
 * `schema` itself, its `parse`, `safeParse` and `safeParseAsync` trying `fast` first. The same
 * instance, not a clone: the OpenAPI document and the `.meta` id stay exactly as they were,
 * and zod's own parse (`z.safeParse(schema, …)`) is untouched. The route's body validator
 * (@hono/zod-validator) calls `safeParseAsync`; NDJSON and the pipeline's validate step call
 * `safeParse`.
 */
export function withFastParse<S extends z.ZodType>(schema: S, fast: FastReader<z.output<S>>): S {
  const zodParse = schema.parse.bind(schema)
  const zodSafeParse = schema.safeParse.bind(schema)
  const zodSafeParseAsync = schema.safeParseAsync.bind(schema)
  const parse: S['parse'] = (data, params) => {
    const value = fast(data)
    return value === UNSURE ? zodParse(data, params) : value
  }
  const safeParse: S['safeParse'] = (data, params) => {
    const value = fast(data)
    return value === UNSURE ? zodSafeParse(data, params) : { success: true, data: value }
  }
  const safeParseAsync: S['safeParseAsync'] = async (data, params) => {
    const value = fast(data)
    return value === UNSURE ? zodSafeParseAsync(data, params) : { success: true, data: value }
  }
  return Object.assign(schema, { parse, safeParse, safeParseAsync, [FAST_PARSE]: fast })
}

/** The fast path `withFastParse` gave `schema`, if any. */
export function fastParseOf<S extends z.ZodType>(schema: S): FastReader<z.output<S>> | undefined {
  return (schema as { [FAST_PARSE]?: FastReader<z.output<S>> })[FAST_PARSE]
}
