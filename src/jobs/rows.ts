import { FIRMOGRAPHIC_FIELDS } from '../records.ts'
export const ENTITIES = ['accounts', 'contacts', 'signals', 'outcomes'] as const
export type Entity = (typeof ENTITIES)[number]

/** CSV columns per entity: the schema's field names (and the key first). */
export const COLUMNS: Record<Entity, readonly string[]> = {
  accounts: ['domain', ...FIRMOGRAPHIC_FIELDS],
  contacts: ['email', 'name', 'title', 'account', 'function', 'seniority'],
  signals: [
    'id',
    'type',
    'account',
    'contact',
    'topic',
    'action',
    'occurredAt',
    'weight',
    'durationSeconds',
    'source',
    'url',
    'title',
    'query',
  ],
  outcomes: ['account', 'type', 'occurredAt', 'amount', 'id'],
}

/** Columns a CSV file must have. */
export const REQUIRED: Record<Entity, readonly string[]> = {
  accounts: ['domain'],
  contacts: ['email'],
  signals: ['type', 'occurredAt'],
  outcomes: ['account', 'type', 'occurredAt'],
}

const NUMERIC = new Set(['employees', 'revenue', 'weight', 'durationSeconds', 'amount'])

/**
 * A CSV row as the JSON the API takes: empty cells are absent, numbers are numbers,
 * `technologies` is `|`-separated and `attributes` is JSON. A value that does not convert is
 * passed on as text, so validation reports it with the field's own message.
 */
export function csvRowToInput(row: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [column, raw] of Object.entries(row)) {
    const value = raw.trim()
    if (value === '') continue
    if (NUMERIC.has(column)) {
      const number = Number(value)
      out[column] = Number.isFinite(number) ? number : value
    } else if (column === 'technologies') {
      out[column] = value
        .split('|')
        .map((item) => item.trim())
        .filter(Boolean)
    } else if (column === 'attributes') {
      try {
        out[column] = JSON.parse(value)
      } catch {
        out[column] = value
      }
    } else {
      out[column] = value
    }
  }
  return out
}

/** Problems with a CSV header, before any row is read. */
export function headerProblems(entity: Entity, header: string[]): string[] {
  const known = new Set(COLUMNS[entity])
  const problems: string[] = []
  const missing = REQUIRED[entity].filter((column) => !header.includes(column))
  if (missing.length > 0)
    problems.push(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`)
  const unknown = header.filter((column) => !known.has(column))
  if (unknown.length > 0)
    problems.push(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (expected ${COLUMNS[entity].join(',')})`,
    )
  return problems
}
