import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listeningPort, type Running, watched } from '../helpers/spawn.ts'

// A fresh build into a folder of its own (inside the checkout, so node_modules and the
// shipped models/ resolve as they do from dist/), then the compiled service as npm start runs it.
const ROOT = resolve(import.meta.dirname, '../..')
let out: string
let work: string

const runCompiled = (args: string[], env: Record<string, string>): Running =>
  watched(
    spawn(process.execPath, [join(out, 'src/cli/main.js'), ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )

beforeAll(() => {
  // A fresh clone has no test-results/ yet.
  mkdirSync(join(ROOT, 'test-results'), { recursive: true })
  work = mkdtempSync(join(ROOT, 'test-results', 'build-'))
  out = join(work, 'dist')
  const built = spawnSync(process.execPath, ['scripts/build.mjs', '--out-dir', out], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  expect(built.status, built.stderr).toBe(0)
}, 120_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the compiled service (npm run build)', () => {
  it('is plain JavaScript with the migrations and the taxonomy beside it', () => {
    expect(existsSync(join(out, 'src/cli/main.js'))).toBe(true)
    expect(existsSync(join(out, 'src/store/migrations/0001-init.sql'))).toBe(true)
    expect(existsSync(join(out, 'src/taxonomy/default-taxonomy.json'))).toBe(true)
    expect(existsSync(join(out, '.built'))).toBe(true)
    // Every relative import was rewritten to .js: nothing asks for a loader.
    const main = readFileSync(join(out, 'src/jobs/score-pool.js'), 'utf8')
    expect(main).not.toMatch(/from '\.[^']*\.ts'/)
    expect(main).not.toMatch(/tsx/)
  })

  it('ships no test: those beside the routes stay out of dist/', () => {
    expect(existsSync(join(out, 'src/http/routes/accounts/put-account.js'))).toBe(true)
    const compiled = readdirSync(join(out, 'src'), { recursive: true }).map(String)
    expect(compiled.filter((file) => /\.test\.js$/.test(file))).toEqual([])
  })

  it('serves /healthz without tsx', async () => {
    const server = runCompiled(['serve'], {
      PORT: '0',
      DB_PATH: join(work, 'serve.db'),
      ADMIN_API_KEY: 'ik_build_test_key_0123456789abcdef',
      NODE_OPTIONS: '',
    })
    try {
      const port = await listeningPort(server)
      const response = await fetch(`http://127.0.0.1:${port}/healthz`)
      expect(response.status).toBe(200)
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
    // One line, the new-database notice: no warning, no stack, nothing about a loader.
    expect(server.stderr()).toMatch(/^intent: created a new database at [^\n]*serve\.db[^\n]*\n$/)
  }, 30_000)

  it('scores on worker threads that run the compiled worker', async () => {
    const db = join(work, 'demo.db')
    const demo = runCompiled(['demo', '--accounts', '40', '--top', '1', '--db', db], {})
    expect(await demo.exited, demo.stderr()).toBe(0)
    const scored = runCompiled(['score', '--all', '--workers', '1', '--db', db], {})
    expect(await scored.exited, scored.stderr()).toBe(0)
    const rows = scored.stdout().trim().split('\n')
    expect(rows[0]).toMatch(/^domain,score,/)
    expect(rows).toHaveLength(41)
  }, 60_000)
})
