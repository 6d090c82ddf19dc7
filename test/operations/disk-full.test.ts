import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { fixedClock } from '../../src/clock.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext, type Runtime } from '../../src/composition-root.ts'
import { createApiKey } from '../../src/domain/keys.ts'
import { createLogger } from '../../src/logger.ts'
import { NOW, problemOf } from '../helpers/app.ts'

/**
 * The database on a small volume that fills up, as an operator meets it: a tmpfs this test
 * mounts (root may; elsewhere the test is skipped with a notice). Nothing may be lost, the
 * answers must say "storage full", health must say so, and writes must resume once space is
 * freed.
 */
const VOLUME_BYTES = 12 * 1024 * 1024
/** Space taken beforehand and given back at the end, as an operator would free it. */
const FILLER_BYTES = 3 * 1024 * 1024

function mountTmpfs(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'intent-full-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${VOLUME_BYTES}`, 'tmpfs', dir], {
      stdio: 'pipe',
    })
    return dir
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    console.warn(
      `[skipped] disk-full test: cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]}); run as root to include it`,
    )
    return null
  }
}

const volume = mountTmpfs()

describe.skipIf(volume === null)('a database on a volume that fills up', () => {
  const logLines: { level: number; msg: string; code?: string }[] = []
  let ctx: Runtime
  let app: ReturnType<typeof createApp>
  let key: string
  let sent = 0

  beforeAll(async () => {
    writeFileSync(join(volume!, 'filler'), Buffer.alloc(FILLER_BYTES, 1))
    const logs = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean))
          logLines.push(JSON.parse(line))
        done()
      },
    })
    ctx = buildContext(testConfig({ DB_PATH: join(volume!, 'intent.db'), HEALTH_MIN_FREE_MB: 0 }), {
      clock: fixedClock(NOW),
      logger: createLogger('info', logs),
    })
    ctx.start()
    key = (await createApiKey(ctx, { scope: 'admin' })).secret
    app = createApp(ctx)
  })

  afterAll(async () => {
    await ctx?.stop()
    execFileSync('umount', [volume!])
    rmSync(volume!, { recursive: true, force: true })
  })

  /** A batch of new signals, each with its own id and some text, so the database grows. */
  function batch(size: number) {
    const signals = Array.from({ length: size }, () => {
      sent += 1
      return {
        id: `sig-${sent}`,
        type: 'content',
        account: `acct${sent % 400}.com`,
        topic: `topic ${sent % 50}`,
        occurredAt: new Date(Date.parse(NOW) - (sent % 20) * 3_600_000).toISOString(),
        url: `https://publisher.com/articles/${sent}/${'x'.repeat(120)}`,
      }
    })
    return app.request('/v1/signals', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signals }),
    })
  }

  /** Counted through a second, read-only connection, as another process would see the file. */
  function storedSignals(): number {
    const reader = new Database(join(volume!, 'intent.db'), { readonly: true })
    try {
      return (reader.prepare('SELECT count(*) AS n FROM signals').get() as { n: number }).n
    } finally {
      reader.close()
    }
  }

  const health = async () => {
    const response = await app.request('/healthz')
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('answers 507 storage_full, says degraded, loses nothing, and recovers once space is freed', async () => {
    expect((await health()).status).toBe(200)
    let acknowledged = 0
    let refused: Response | undefined
    for (let round = 0; round < 400 && refused === undefined; round++) {
      const response = await batch(500)
      if (response.status === 200)
        acknowledged += ((await response.json()) as { accepted: number }).accepted
      else refused = response
    }
    expect(refused, 'the volume never filled').toBeDefined()
    expect(refused!.status).toBe(507)
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/)
    const problem = await problemOf(refused!)
    expect(problem.code).toBe('storage_full')
    expect(problem.detail).toContain('nothing of this request was written')
    expect(acknowledged).toBeGreaterThan(1000)

    // Further writes are refused the same way; reads still answer.
    for (let i = 0; i < 5; i++) expect((await batch(500)).status).toBe(507)
    const listed = await app.request('/v1/accounts?limit=1', {
      headers: { authorization: `Bearer ${key}` },
    })
    expect(listed.status).toBe(200)

    const degraded = await health()
    expect(degraded.status).toBe(503)
    expect(degraded.body).toMatchObject({
      status: 'degraded',
      reasons: [expect.objectContaining({ code: 'storage_full' })],
    })

    // Every acknowledged signal is there, and the file is sound.
    expect(storedSignals()).toBe(acknowledged)
    expect(await ctx.store.integrityCheck()).toBe('ok')

    // One warning for the whole episode, with its code; no unhandled error, no stack.
    const warnings = logLines.filter((line) => line.code === 'storage_full')
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!.level).toBe(40)
    expect(logLines.filter((line) => line.msg === 'unhandled error')).toEqual([])

    // Space freed: writes succeed again and health says ok.
    rmSync(join(volume!, 'filler'))
    const resumed = await batch(100)
    expect(resumed.status).toBe(200)
    expect(((await resumed.json()) as { accepted: number }).accepted).toBe(100)
    expect(storedSignals()).toBe(acknowledged + 100)
    expect((await health()).body).toMatchObject({ status: 'ok', reasons: [] })
    expect(logLines.filter((line) => line.code === 'storage_recovered')).toHaveLength(1)
  })
})
