import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { runIntent } from '../helpers/spawn.ts'

let dir: string
const path = (name: string) => join(dir, name)
const run = async (args: string[], stdin?: string) => {
  const running = runIntent([...args, '--db', path('intent.db')], {}, stdin)
  const code = await running.exited
  return { code, stdout: running.stdout(), stderr: running.stderr() }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'intent-import-'))
})

describe('intent import reruns', () => {
  it('a rerun of the same accounts and contacts reports them "already there", a changed row "updated"', async () => {
    writeFileSync(
      path('accounts.csv'),
      'domain,name,employees\nacme.pl,Acme,250\nbeta.de,Beta,40\n',
    )
    writeFileSync(
      path('contacts.csv'),
      'email,name,title\nanna@acme.pl,Anna,CFO\njan@beta.de,Jan,\n',
    )
    expect((await run(['import', 'accounts', path('accounts.csv')])).stdout).toMatch(
      /^accounts: 2 rows read, 2 imported, 0 already there, 0 rejected; /,
    )
    expect((await run(['import', 'accounts', path('accounts.csv')])).stdout).toMatch(
      /^accounts: 2 rows read, 0 imported, 2 already there, 0 rejected; /,
    )
    writeFileSync(
      path('accounts.csv'),
      'domain,name,employees\nacme.pl,Acme,260\nbeta.de,Beta,40\n',
    )
    expect((await run(['import', 'accounts', path('accounts.csv')])).stdout).toMatch(
      /^accounts: 2 rows read, 0 imported, 1 updated, 1 already there, 0 rejected; /,
    )
    expect((await run(['import', 'contacts', path('contacts.csv')])).stdout).toMatch(
      /^contacts: 2 rows read, 2 imported, 0 already there/,
    )
    expect((await run(['import', 'contacts', path('contacts.csv')])).stdout).toMatch(
      /^contacts: 2 rows read, 0 imported, 2 already there/,
    )
  })

  it('prints one summary: one line on stdout, and on stderr only the database it used', async () => {
    writeFileSync(path('accounts.csv'), 'domain\nacme.pl\n')
    const result = await run(['import', 'accounts', path('accounts.csv')])
    expect(result.code).toBe(0)
    expect(result.stdout.split('\n')).toEqual([expect.stringMatching(/^accounts: 1 rows read/), ''])
    expect(result.stderr).toBe(
      `intent: created a new database at ${path('intent.db')} (none existed; set DB_PATH or --db to use another)\n`,
    )
  })
})

describe('intent import rejects file', () => {
  it('is not created by a clean import, and a stale one from an earlier run is removed', async () => {
    writeFileSync(path('signals.csv'), 'id,type,account,occurredAt\ns1,web_visit,acme.pl,wrong\n')
    const failed = await run(['import', 'signals', path('signals.csv')])
    expect(failed.code).toBe(4)
    expect(existsSync(path('signals.csv.rejects.ndjson'))).toBe(true)

    writeFileSync(
      path('signals.csv'),
      'id,type,account,occurredAt\ns1,web_visit,acme.pl,2026-11-20T10:00:00Z\n',
    )
    const clean = await run(['import', 'signals', path('signals.csv')])
    expect(clean.code).toBe(0)
    expect(clean.stdout).toMatch(/1 imported, 0 already there, 0 rejected;/)
    expect(existsSync(path('signals.csv.rejects.ndjson'))).toBe(false)

    writeFileSync(path('accounts.ndjson'), '{"domain":"acme.pl"}\n')
    expect((await run(['import', 'accounts', path('accounts.ndjson')])).code).toBe(0)
    expect(existsSync(path('accounts.ndjson.rejects.ndjson'))).toBe(false)
  })
})

describe('intent import sniffs a CSV under another name', () => {
  const csv = 'id,type,account,occurredAt\ns1,web_visit,acme.pl,2026-11-20T10:00:00Z\n'

  it.each(['signals.txt', 'signals', 'signals.ndjson'])(
    '%s holding CSV: exit 5, "looks like CSV: pass --format csv", nothing rejected',
    async (name) => {
      writeFileSync(path(name), csv)
      const result = await run(['import', 'signals', path(name)])
      expect(result.code).toBe(5)
      expect(result.stderr).toMatch(
        new RegExp(`intent import: ${path(name)} looks like CSV, not NDJSON .*: pass --format csv`),
      )
      expect(existsSync(path(`${name}.rejects.ndjson`))).toBe(false)
      const again = await run(['import', 'signals', path(name), '--format', 'csv'])
      expect(again.code).toBe(0)
    },
  )

  it('standard input holding CSV says so too', async () => {
    const result = await run(['import', 'signals', '-', '--rejects', path('r.ndjson')], csv)
    expect(result.code).toBe(5)
    expect(result.stderr).toMatch(/standard input looks like CSV.*pass --format csv/)
  })

  it('a .csv file holding NDJSON: "pass --format ndjson"', async () => {
    writeFileSync(path('signals.csv'), '{"type":"web_visit","account":"acme.pl"}\n')
    const result = await run(['import', 'signals', path('signals.csv')])
    expect(result.code).toBe(5)
    expect(result.stderr).toMatch(/signals\.csv looks like NDJSON, not CSV .*pass --format ndjson/)
  })

  it('a single-column CSV (a list of domains) is recognised by its column name', async () => {
    writeFileSync(path('domains.txt'), 'domain\nacme.pl\nbeta.de\n')
    const result = await run(['import', 'accounts', path('domains.txt')])
    expect(result.code).toBe(5)
    expect(result.stderr).toMatch(/looks like CSV/)
  })
})
