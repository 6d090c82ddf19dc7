import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importFile } from '../../src/jobs/import.ts'
import { buildTestApp } from '../helpers/app.ts'
import { storedSignals, testDbPath } from '../helpers/stored.ts'

async function imported(name: string, text: string, format: 'csv' | 'ndjson') {
  const path = testDbPath('import-taxonomy')
  const t = await buildTestApp({ DB_PATH: path })
  const file = join(dirname(path), name)
  writeFileSync(file, text)
  const summary = await importFile(t.ctx, {
    entity: 'signals',
    file,
    format,
    rejectsPath: `${file}.rejects.ndjson`,
  })
  // A clean import writes no rejects file.
  const rejectsPath = `${file}.rejects.ndjson`
  expect(existsSync(rejectsPath)).toBe(summary.rejected > 0)
  const rejects = (existsSync(rejectsPath) ? readFileSync(rejectsPath, 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map(
      (line) => JSON.parse(line) as { line: number; issues: { path: string; message: string }[] },
    )
  return { summary, rejects, signals: storedSignals(path) }
}

describe('intent import signals with title and query', () => {
  it('reads the CSV columns, derives topics from them, and rejects what matches nothing', async () => {
    const { summary, rejects, signals } = await imported(
      'signals.csv',
      [
        'id,type,account,title,query,url,occurredAt',
        'c1,content,acme.pl,Jak wybrać hurtownię danych?,,,2026-11-20T10:00:00Z',
        's1,search,acme.pl,,Lagerverwaltungssoftware,,2026-11-20T11:00:00Z',
        'w1,web_visit,acme.pl,,,https://www.g2.com/categories/crm,2026-11-20T12:00:00Z',
        'c2,content,acme.pl,Our annual report,,,2026-11-20T13:00:00Z',
      ].join('\n'),
      'csv',
    )
    expect(summary).toMatchObject({ rows: 4, imported: 3, rejected: 1 })
    expect(signals.map((s) => [s.topic, s.topicSource, s.title, s.query])).toEqual([
      ['Data Warehouse', 'derived', 'Jak wybrać hurtownię danych?', null],
      ['Warehouse Management', 'derived', null, 'Lagerverwaltungssoftware'],
      ['CRM Software', 'derived', null, null],
    ])
    expect(rejects).toEqual([
      {
        line: 5,
        issues: [
          {
            path: 'topic',
            message:
              'is required for content signals: no taxonomy topic matches their url, title or query',
          },
        ],
        row: expect.anything(),
      },
    ])
  })

  it('reads them from NDJSON, where a sent topic wins', async () => {
    const { summary, signals } = await imported(
      'signals.ndjson',
      [
        {
          type: 'content',
          account: 'acme.pl',
          title: 'Построение хранилища данных',
          occurredAt: '2026-11-20T10:00:00Z',
        },
        {
          type: 'content',
          account: 'acme.pl',
          topic: 'ERP',
          title: 'Hurtownia danych',
          occurredAt: '2026-11-20T11:00:00Z',
        },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
      'ndjson',
    )
    expect(summary).toMatchObject({ imported: 2, rejected: 0 })
    expect(signals.map((s) => [s.topic, s.topicSource])).toEqual([
      ['Data Warehouse', 'derived'],
      ['ERP', 'sent'],
    ])
  })
})
