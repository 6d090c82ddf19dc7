import { spawn } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.ts'
import { INTENT_BIN, runIntent } from '../helpers/spawn.ts'

const tempDir = () => mkdtempSync(join(tmpdir(), 'intent-mistake-'))

/**
 * Runs a command expected to fail on an ordinary mistake: its last stderr line is the one
 * `intent: …` line about it (a line naming the database may come before), and no stack.
 */
async function mistake(args: string[], env: Record<string, string> = {}) {
  const running = runIntent(args, env)
  const code = await running.exited
  const lines = running.stderr().trimEnd().split('\n')
  expect(running.stderr()).not.toMatch(/^\s+at /m)
  expect(lines.filter((line) => !/^intent: (using|created a new) /.test(line))).toHaveLength(1)
  return { code, line: lines.at(-1)!, stdout: running.stdout() }
}

function occupiedPort(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      resolve({ port: typeof address === 'object' && address ? address.port : 0, server })
    })
  })
}

describe('ordinary mistakes: one line, a documented exit code, no stack', () => {
  it('backup into a missing folder exits 6 naming the folder', async () => {
    const dir = tempDir()
    const { code, line } = await mistake([
      'backup',
      join(dir, 'backups', 'x.db'),
      '--db',
      join(dir, 'intent.db'),
    ])
    expect(code).toBe(6)
    expect(line).toBe(
      `intent: cannot write ${join(dir, 'backups', 'x.db')}: the folder ${join(dir, 'backups')} does not exist; create it first (mkdir -p ${join(dir, 'backups')}), or choose another file`,
    )
  })

  it('export with an unknown --format exits 2 naming the choices', async () => {
    const dir = tempDir()
    const { code, line } = await mistake([
      'export',
      'accounts',
      '--format',
      'xml',
      '--db',
      join(dir, 'intent.db'),
    ])
    expect(code).toBe(2)
    expect(line).toMatch(/'xml' is invalid\. Allowed choices are csv, ndjson/)
  })

  it('a database locked by another process past the busy timeout exits 6, nothing changed', async () => {
    const dir = tempDir()
    const file = join(dir, 'intent.db')
    await openStore(file).close()
    const holder = new Database(file)
    try {
      holder.exec('BEGIN IMMEDIATE')
      const { code, line } = await mistake([
        'keys',
        'create',
        '--scope',
        'read',
        '--name',
        'x',
        '--db',
        file,
      ])
      expect(code).toBe(6)
      expect(line).toMatch(/^intent: the database is locked by another process/)
      holder.exec('ROLLBACK')
      expect(holder.prepare('SELECT count(*) AS n FROM api_keys').get()).toEqual({ n: 0 })
    } finally {
      holder.close()
    }
  }, 30_000)

  it('keys revoke of an unknown id exits 1 naming the key', async () => {
    const { code, line } = await mistake([
      'keys',
      'revoke',
      'key_nonexistent',
      '--db',
      join(tempDir(), 'intent.db'),
    ])
    expect(code).toBe(1)
    expect(line).toMatch(/^intent: the API key 'key_nonexistent' was not found .*intent keys list/)
  })

  it('serve on a port in use exits 6 naming the port, and creates no admin key', async () => {
    const { port, server } = await occupiedPort()
    const dbPath = join(tempDir(), 'intent.db')
    try {
      const { code, line } = await mistake(['serve', '--db', dbPath], { PORT: String(port) })
      expect(code).toBe(6)
      expect(line).toMatch(new RegExp(`^intent: port ${port} on 127\\.0\\.0\\.1 is already in use`))
      expect(line).toMatch(/set PORT/)
    } finally {
      server.close()
    }
    const store = openStore(dbPath)
    expect(await store.apiKeys.count()).toBe(0)
    await store.close()
  })

  it('export and score --out into a missing folder exit 6 before any work', async () => {
    const dir = tempDir()
    for (const args of [
      ['export', 'accounts', '--out', join(dir, 'nope', 'a.csv')],
      ['score', '--all', '--out', join(dir, 'nope', 's.csv')],
      ['train', '--out', join(dir, 'nope', 'model.json')],
    ]) {
      const { code, line } = await mistake([...args, '--db', join(dir, 'intent.db')])
      expect(code, args.join(' ')).toBe(6)
      expect(line).toMatch(/^intent: cannot write .*nope.*: the folder .* does not exist/)
    }
  })

  it('a database path that cannot be a database exits 3 naming it', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a-file'), 'x')
    writeFileSync(join(dir, 'notes.db'), 'these are not the pages of a SQLite file\n')
    mkdirSync(join(dir, 'folder.db'))
    const cases: [string, RegExp][] = [
      [join(dir, 'a-file', 'intent.db'), /a-file is a file, not a folder; set DB_PATH or --db/],
      [join(dir, 'notes.db'), /notes\.db is not a SQLite database .*set DB_PATH or --db/],
      [join(dir, 'folder.db'), /folder\.db is a folder; set DB_PATH or --db to a file/],
    ]
    for (const [dbPath, message] of cases) {
      const { code, line } = await mistake(['keys', 'list'], { DB_PATH: dbPath })
      expect(code, dbPath).toBe(3)
      expect(line).toMatch(message)
    }
  })

  it('a database folder or file this user may not write exits 3 naming it', async () => {
    const dir = tempDir()
    chmodSync(dir, 0o755)
    mkdirSync(join(dir, 'locked'), { mode: 0o555 })
    mkdirSync(join(dir, 'open'))
    chmodSync(join(dir, 'open'), 0o777)
    const readOnly = join(dir, 'open', 'readonly.db')
    writeFileSync(readOnly, '')
    chmodSync(readOnly, 0o400)
    // Permissions do not bind root: run as nobody then.
    const user = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
    for (const [dbPath, message] of [
      [
        join(dir, 'locked', 'intent.db'),
        /this user may not write in .*locked; fix its permissions/,
      ],
      [readOnly, /cannot open the database at .*readonly\.db: this user may not read and write it/],
    ] as const) {
      const child = spawn(process.execPath, [INTENT_BIN, 'keys', 'list', '--db', dbPath], {
        env: { PATH: process.env.PATH ?? '', HOME: tmpdir() },
        ...user,
      })
      let stderr = ''
      child.stderr.on('data', (chunk) => {
        stderr += chunk
      })
      // A binary or tree nobody may not reach fails to spawn: say so instead of waiting.
      const code = await new Promise((resolve, reject) => {
        child.on('exit', resolve)
        child.on('error', reject)
      })
      expect(stderr, dbPath).toMatch(message)
      expect(stderr.trim().split('\n'), dbPath).toHaveLength(1)
      expect(code, dbPath).toBe(3)
    }
  })

  it('import of a folder or a missing file exits 5 naming it', async () => {
    const dir = tempDir()
    const db = join(dir, 'intent.db')
    const folder = await mistake(['import', 'accounts', dir, '--db', db])
    expect(folder.code).toBe(5)
    expect(folder.line).toBe(`intent import: ${dir} is a folder: name a file in it.`)
    const missing = await mistake(['import', 'accounts', join(dir, 'nope.csv'), '--db', db])
    expect(missing.code).toBe(5)
    expect(missing.line).toMatch(/nope\.csv: no such file/)
  })

  it('--rejects into a missing folder exits 6 before importing', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'a.csv'), 'domain\nacme.pl\n')
    const { code, line } = await mistake([
      'import',
      'accounts',
      join(dir, 'a.csv'),
      '--rejects',
      join(dir, 'nope', 'r.ndjson'),
      '--db',
      join(dir, 'intent.db'),
    ])
    expect(code).toBe(6)
    expect(line).toMatch(/cannot write .*r\.ndjson: the folder .*nope does not exist.*--rejects/)
  })
})
