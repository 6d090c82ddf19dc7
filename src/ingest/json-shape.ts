import { z } from 'zod'
import { type FastReader, fastParseOf, withFastParse } from './fast-parse.ts'

/**
 * The shape every parsed JSON input must have before anything recursive touches it.
 * `JSON.parse` is iterative and accepts any depth; `JSON.stringify`, zod and our own tree
 * checks recurse, so a body nested 300,000 deep would overflow the stack (a 500). This walk
 * is iterative, runs first, and refuses such a value with the path where it gets too deep.
 * It also refuses unpaired UTF-16 surrogates (`"\ud800"` in JSON) in every string and key,
 * which SQLite would otherwise store as U+FFFD: two different inputs, one stored text.
 */
export const MAX_JSON_DEPTH = 32
/** A hostile body could hold a million bad strings: the answer names the first hundred. */
const MAX_SHAPE_ISSUES = 100

export interface ShapeIssue {
  path: (string | number)[]
  message: string
  code: string
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

export const UNPAIRED_SURROGATE_MESSAGE =
  'must be valid Unicode: it holds an unpaired UTF-16 surrogate (such as \\ud800 alone)'

export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value)
}

interface Node {
  value: unknown
  key: string | number | null
  parent: Node | null
  depth: number
}

function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = []
  for (let at: Node | null = node; at !== null && at.key !== null; at = at.parent) path.push(at.key)
  return path.reverse()
}

/**
 * Problems of a parsed JSON value's shape, in document order, each with its path. `depth` is
 * the value's own level: an NDJSON line stands for an item at level 2 of `{ "items": [ … ] }`.
 */
export function jsonShapeIssues(value: unknown, depth = 1): ShapeIssue[] {
  const maxDepth = MAX_JSON_DEPTH
  const issues: ShapeIssue[] = []
  const stack: Node[] = [{ value, key: null, parent: null, depth }]
  while (stack.length > 0 && issues.length < MAX_SHAPE_ISSUES) {
    const node = stack.pop()!
    const current = node.value
    if (typeof current === 'string') {
      if (hasLoneSurrogate(current))
        issues.push({
          path: pathOf(node),
          message: UNPAIRED_SURROGATE_MESSAGE,
          code: 'invalid_unicode',
        })
      continue
    }
    if (current === null || typeof current !== 'object') continue
    if (node.depth > maxDepth) {
      issues.push({
        path: pathOf(node),
        message: `must not nest deeper than ${maxDepth} levels`,
        code: 'too_deep',
      })
      continue
    }
    const children: Node[] = []
    const childDepth = node.depth + 1
    if (Array.isArray(current)) {
      current.forEach((item, index) => {
        children.push({ value: item, key: index, parent: node, depth: childDepth })
      })
    } else {
      for (const [key, item] of Object.entries(current)) {
        const child = { value: item, key, parent: node, depth: childDepth }
        if (hasLoneSurrogate(key))
          issues.push({
            path: pathOf(child),
            message: `has a key that ${UNPAIRED_SURROGATE_MESSAGE}`,
            code: 'invalid_unicode',
          })
        else children.push(child)
      }
    }
    // Reversed onto the stack, so issues come out in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return issues.slice(0, MAX_SHAPE_ISSUES)
}

/**
 * `schema`, run only on a value of a safe shape. A preprocess step, so OpenAPI documents the
 * schema itself; issues abort before the schema (or anything recursive) sees the value.
 * A fast path of `schema` is kept, with no walk first: it accepts only the keys it knows,
 * each holding a value it checked (no string with a lone surrogate, no nesting beyond its own
 * shape), so a value it accepts has a safe shape.
 */
export function safeShape<T extends z.ZodType>(schema: T) {
  const checked = z.preprocess((value, ctx) => {
    for (const issue of jsonShapeIssues(value))
      ctx.addIssue({
        code: 'custom',
        message: issue.message,
        path: issue.path,
        params: { code: issue.code },
      })
    return value
  }, schema)
  const fast = fastParseOf(schema)
  if (fast === undefined) return checked
  return withFastParse<typeof checked>(checked, fast as FastReader<z.output<typeof checked>>)
}
