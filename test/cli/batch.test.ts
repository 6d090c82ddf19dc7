import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { smallBook } from '../helpers/small-book.ts'
import { runIntent } from '../helpers/spawn.ts'

let dir: string
const path = (name: string) => join(dir, name)
const run = async (args: string[], stdin?: string) => {
  // Trained models go to the test's folder, never into the checkout's models/.
  const running = runIntent(
    [...args, '--db', path('intent.db')],
    { MODELS_DIR: path('models') },
    stdin,
  )
  const code = await running.exited
  return { code, stdout: running.stdout(), stderr: running.stderr() }
}
const rejects = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map(
      (line) => JSON.parse(line) as { line: number; issues: { path: string; message: string }[] },
    )

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'intent-batch-'))
  writeFileSync(
    path('accounts.csv'),
    'domain,name,industry,employees,revenue,country,technologies\nacme.pl,Acme,manufacturing,250,40000000,PL,sap|salesforce\nbeta.de,Beta GmbH,software,40,,DE,\n',
  )
  writeFileSync(
    path('signals.csv'),
    [
      'id,type,account,contact,topic,occurredAt',
      's1,content,acme.pl,anna@acme.pl,Data Warehouse,2026-11-20T10:00:00Z',
      's2,search,acme.pl,,ERP,2026-11-21T10:00:00Z',
      's3,content,acme.pl,,,2026-11-21T10:00:00Z',
      's4,meeting,beta.de,max@beta.de,ERP,21/11/2026',
      's5,form,beta.de,max@beta.de,ERP,2026-11-22T10:00:00Z',
    ].join('\n'),
  )
  writeFileSync(
    path('signals.ndjson'),
    [
      JSON.stringify({
        id: 'n1',
        type: 'web_visit',
        account: 'acme.pl',
        occurredAt: '2026-11-23T10:00:00Z',
      }),
      '{"id": "n2", "type": "content",',
      '',
      JSON.stringify({
        id: 'n3',
        type: 'review',
        account: 'acme.pl',
        topic: 'ERP',
        occurredAt: '2026-11-23T11:00:00Z',
      }),
    ].join('\n'),
  )
  writeFileSync(path('wrong.csv'), 'kind,when,company\ncontent,2026-11-01,acme.pl\n')
  writeFileSync(path('empty.csv'), '')
  writeFileSync(
    path('outcomes.csv'),
    'account,type,occurredAt,amount,id\nacme.pl,opportunity,2026-11-24T00:00:00Z,50000,o1\n',
  )
})

describe('intent import', () => {
  it('imports accounts from CSV', async () => {
    const result = await run(['import', 'accounts', path('accounts.csv')])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/2 rows read, 2 imported/)
  })

  it('keeps good rows, writes bad ones with line numbers and reasons, and exits 4', async () => {
    const result = await run(['import', 'signals', path('signals.csv')])
    expect(result.code).toBe(4)
    expect(result.stdout).toMatch(/5 rows read, 3 imported, 0 already there, 2 rejected/)
    const lines = rejects(`${path('signals.csv')}.rejects.ndjson`)
    expect(lines.map((line) => line.line)).toEqual([4, 5])
    expect(lines[0]!.issues).toEqual([
      expect.objectContaining({
        path: 'topic',
        message: expect.stringMatching(/required for content/),
      }),
    ])
    expect(lines[1]!.issues).toEqual([expect.objectContaining({ path: 'occurredAt' })])
  })

  it('imports nothing twice; --allow-rejects exits 0', async () => {
    const result = await run(['import', 'signals', path('signals.csv'), '--allow-rejects'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/0 imported, 3 already there, 2 rejected/)
  })

  it('reports broken NDJSON lines and keeps the others', async () => {
    const result = await run([
      'import',
      'signals',
      path('signals.ndjson'),
      '--rejects',
      path('nd.rejects'),
    ])
    expect(result.code).toBe(4)
    expect(result.stdout).toMatch(/3 rows read, 2 imported/)
    expect(rejects(path('nd.rejects'))).toEqual([
      {
        line: 2,
        issues: [{ path: '', message: 'is not valid JSON' }],
        row: '{"id": "n2", "type": "content",',
      },
    ])
  })

  it('reads standard input', async () => {
    const line = JSON.stringify({
      id: 'in1',
      type: 'content',
      account: 'beta.de',
      topic: 'CRM',
      occurredAt: '2026-11-24T09:00:00Z',
    })
    const result = await run(
      ['import', 'signals', '-', '--rejects', path('stdin.rejects')],
      `${line}\n`,
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/1 rows read, 1 imported/)
  })

  it.each([
    [
      'wrong columns',
      'wrong.csv',
      /missing columns type, occurredAt; unknown columns kind, when, company/,
    ],
    ['an empty file', 'empty.csv', /is empty/],
    ['a missing file', 'nope.csv', /no such file/],
  ])('refuses %s with exit code 5 and imports nothing', async (_, file, message) => {
    const result = await run(['import', 'signals', path(file)])
    expect(result.code).toBe(5)
    expect(result.stderr).toMatch(message)
  })

  it('refuses an unknown entity with exit code 2', async () => {
    expect((await run(['import', 'deals', path('signals.csv')])).code).toBe(2)
  })

  it('imports outcomes with the documented columns', async () => {
    const result = await run(['import', 'outcomes', path('outcomes.csv')])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/1 imported/)
  })
})

describe('intent score, export, train, demo', () => {
  it('score --all writes one parsable CSV row per account and stores the scores', async () => {
    const result = await run(['score', '--all', '--out', path('scores.csv')])
    expect(result.code).toBe(0)
    const rows = parse(readFileSync(path('scores.csv'), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[]
    expect(
      readFileSync(path('scores.csv'), 'utf8').startsWith('domain,score,probability,label,stage'),
    ).toBe(true)
    expect(rows.map((row) => row.domain).sort()).toEqual(['acme.pl', 'beta.de'])
    for (const row of rows) expect(Number(row.score)).toBeGreaterThanOrEqual(0)
    const exported = await run(['export', 'scores', '--format', 'ndjson'])
    expect(exported.code).toBe(0)
    expect(exported.stdout.trim().split('\n')).toHaveLength(2)
  })

  it('export accounts writes the import columns, so the file imports again', async () => {
    const result = await run(['export', 'accounts', '--out', path('export.csv')])
    expect(result.code).toBe(0)
    expect(readFileSync(path('export.csv'), 'utf8').split('\n')[0]).toBe(
      'domain,name,industry,employees,revenue,country,technologies,attributes',
    )
    expect((await run(['import', 'accounts', path('export.csv')])).code).toBe(0)
  })

  it('train says why it cannot train on too few outcomes, and exits 1', async () => {
    const result = await run(['train'])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/not trained: .*at least 20/)
  })

  it('train --report trains on a backfilled month and prints the backtest beside the plain logistic', async () => {
    const book = smallBook({ asOf: Date.now(), accounts: 300, decided: 200, days: 30, seed: 5 })
    const lines = (rows: object[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`
    writeFileSync(path('book-accounts.ndjson'), lines(book.accounts))
    writeFileSync(path('book-signals.ndjson'), lines(book.signals))
    writeFileSync(path('book-outcomes.ndjson'), lines(book.outcomes))
    for (const entity of ['accounts', 'signals', 'outcomes'])
      expect((await run(['import', entity, path(`book-${entity}.ndjson`)])).code).toBe(0)
    const result = await run(['train', '--report', '--out', path('model.json')])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/held out: \d+ snapshots of \d+ accounts/)
    expect(result.stdout).toMatch(
      /ROC AUC \(95 % interval\) +0\.\d{3} \(0\.\d{3}–0\.\d{3}\) +0\.\d{3}/,
    )
    expect(result.stdout).toContain('plain logistic')
    expect(result.stdout).toMatch(/lift, top 10 %/)
    expect(result.stdout).toMatch(/calibration \(held out\):\n {2}0\.\d–0\.\d {2}n=/)
    expect(result.stdout).toMatch(/Lead Source \(attr\.Lead Source\)/)
    expect(result.stdout).toMatch(/^activated: /m)
    const model = JSON.parse(readFileSync(path('model.json'), 'utf8')) as {
      kind: string
      terms: unknown[]
    }
    expect(model.kind).toBe('additive')
    expect(model.terms.length).toBeGreaterThan(5)
  }, 120_000)

  it('demo loads data and prints the top accounts with reasons', async () => {
    const result = await run(['demo', '--accounts', '30', '--top', '3'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/Loaded 30 accounts/)
    expect(result.stdout).toMatch(/^1\. \S+ {2}score \d+/m)
  }, 60_000)

  it('every command has --help with exit codes', async () => {
    for (const command of [
      'import',
      'score',
      'train',
      'export',
      'demo',
      'serve',
      'keys',
      'retopic',
    ]) {
      const running = runIntent([command, '--help'])
      expect(await running.exited).toBe(0)
      expect(running.stdout()).toMatch(/Usage: intent/)
    }
  })
})
