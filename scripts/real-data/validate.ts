/**
 * Checks a converted book with the service's own ingest schemas, as `intent import` would read
 * it (with the clock at the book's asOf, so nothing may lie after it), and the raw table's shape:
 *
 *   npx tsx scripts/real-data/validate.ts data/real/xeducation [data/real/olist …]
 *
 * Prints the counts per file and every problem (the first 20 of each file); exits 1 on any.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { z } from 'zod'
import { fixedClock } from '../../src/clock.ts'
import { domainField } from '../../src/ingest/fields.ts'
import { accountBodySchema, createIngestSchemas } from '../../src/ingest/schemas.ts'
import type { Book, LeadRecord, Meta } from './common.ts'

export interface Validation {
  counts: Record<string, number>
  problems: string[]
}

/** The schemas `intent import` applies to each line (src/jobs/import.ts), at the clock `asOf`. */
export function importSchemas(asOf: string) {
  const ingest = createIngestSchemas(fixedClock(asOf))
  return {
    accounts: accountBodySchema.extend({ domain: domainField }),
    signals: ingest.signal,
    outcomes: ingest.outcome,
  }
}

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`)
    .join('; ')
}

/** Every record of a book checked; problems say the file, the line and each issue. */
export function validateBook(book: Omit<Book, 'meta'> & { meta: Pick<Meta, 'asOf'> }): Validation {
  const schemas = importSchemas(book.meta.asOf)
  const asOf = Date.parse(book.meta.asOf)
  const problems: string[] = []
  const domains = new Set<string>()
  const check = (file: keyof typeof schemas, records: readonly unknown[]) => {
    const ids = new Set<string>()
    records.forEach((record, index) => {
      const parsed = schemas[file].safeParse(record)
      if (!parsed.success) {
        problems.push(`${file}.ndjson line ${index + 1}: ${describe(parsed.error)}`)
        return
      }
      const value = parsed.data as { domain?: string; account?: string; id?: string }
      if (file === 'accounts') {
        if (value.domain !== (record as { domain: string }).domain)
          problems.push(`accounts.ndjson line ${index + 1}: domain is stored as ${value.domain}`)
        if (domains.has(value.domain!))
          problems.push(`accounts.ndjson line ${index + 1}: ${value.domain} twice`)
        domains.add(value.domain!)
      } else {
        if (!domains.has(value.account!))
          problems.push(
            `${file}.ndjson line ${index + 1}: account ${value.account} not in accounts`,
          )
        if (!value.id) problems.push(`${file}.ndjson line ${index + 1}: no id`)
        else if (ids.has(value.id))
          problems.push(`${file}.ndjson line ${index + 1}: id ${value.id} twice`)
        else ids.add(value.id)
      }
    })
  }
  check('accounts', book.accounts)
  check('signals', book.signals)
  check('outcomes', book.outcomes)
  const leadDomains = new Set<string>()
  book.leads.forEach((lead: LeadRecord, index) => {
    const where = `leads.ndjson line ${index + 1}`
    if (!domains.has(lead.domain)) problems.push(`${where}: ${lead.domain} not in accounts`)
    if (leadDomains.has(lead.domain)) problems.push(`${where}: ${lead.domain} twice`)
    leadDomains.add(lead.domain)
    const at = Date.parse(lead.scoreAt)
    if (!/Z$/.test(lead.scoreAt) || Number.isNaN(at) || at > asOf)
      problems.push(`${where}: scoreAt ${lead.scoreAt} is not an instant by asOf`)
    if (lead.label !== 0 && lead.label !== 1) problems.push(`${where}: label ${lead.label}`)
    for (const [column, value] of Object.entries(lead.columns)) {
      if (value !== null && typeof value !== 'string' && !Number.isFinite(value))
        problems.push(`${where}: column ${column} is ${JSON.stringify(value)}`)
    }
  })
  return {
    counts: {
      accounts: book.accounts.length,
      signals: book.signals.length,
      outcomes: book.outcomes.length,
      leads: book.leads.length,
      positives: book.leads.filter((lead) => lead.label === 1).length,
    },
    problems,
  }
}

const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown)

export function readBook(dir: string): Book {
  return {
    accounts: lines(join(dir, 'accounts.ndjson')) as Book['accounts'],
    signals: lines(join(dir, 'signals.ndjson')) as Book['signals'],
    outcomes: lines(join(dir, 'outcomes.ndjson')) as Book['outcomes'],
    leads: lines(join(dir, 'leads.ndjson')) as Book['leads'],
    meta: JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Meta,
  }
}

const invokedDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href
if (invokedDirectly) {
  const dirs = process.argv.slice(2)
  if (dirs.length === 0) {
    process.stderr.write('Usage: npx tsx scripts/real-data/validate.ts DIR [DIR …]\n')
    process.exit(2)
  }
  let failed = false
  for (const dir of dirs) {
    const book = readBook(dir)
    const { counts, problems } = validateBook(book)
    const summary = Object.entries(counts)
      .map(([name, n]) => `${n} ${name}`)
      .join(', ')
    process.stdout.write(
      `${dir}: ${summary}; asOf ${book.meta.asOf}; ${problems.length === 0 ? 'every record valid' : `${problems.length} problems`}\n`,
    )
    for (const problem of problems.slice(0, 20)) process.stdout.write(`  ${problem}\n`)
    failed ||= problems.length > 0
  }
  process.exit(failed ? 1 : 0)
}
