import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createApp } from '../src/app.ts'
import { fixedClock } from '../src/clock.ts'
import { testConfig } from './helpers/config.ts'
import { buildContext } from '../src/composition-root.ts'
import { createApiKey } from '../src/domain/keys.ts'
import { createLogger } from '../src/logger.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

function capture() {
  const lines: string[] = []
  return { lines, logger: createLogger('info', { write: (line: string) => lines.push(line) }) }
}

describe('security: logged stack traces carry paths relative to the project root (finding 5)', () => {
  it('the logger writes an error stack without the absolute checkout path', () => {
    const { lines, logger } = capture()
    const error = new Error('boom', { cause: new Error('underneath') })
    expect(error.stack).toContain(ROOT)
    logger.error({ err: error }, 'failed')
    const entry = JSON.parse(lines[0]!) as { err: { stack: string; message: string } }
    expect(entry.err.message).toMatch(/^boom/)
    expect(entry.err.stack).toMatch(/at test\/logger\.test\.ts:\d+:\d+/)
    expect(entry.err.stack).toMatch(/caused by: Error: underneath/)
    expect(lines[0]).not.toContain(ROOT)
    expect(lines[0]).not.toContain(`file://${ROOT}`)
  })

  it('an unhandled error of a request is logged with relative paths and answered with an id only', async () => {
    const { lines, logger } = capture()
    const ctx = buildContext(testConfig(), { clock: fixedClock('2026-11-25T12:00:00Z'), logger })
    const { secret } = await createApiKey(ctx, { scope: 'read' })
    ctx.store.topics.active = async () => {
      throw new Error('the disk is on fire')
    }
    const response = await createApp(ctx).request('/v1/topics', {
      headers: { authorization: `Bearer ${secret}` },
    })
    expect(response.status).toBe(500)
    expect(await response.text()).not.toContain('fire')
    const logged = lines.find((line) => line.includes('unhandled error'))!
    expect(logged).toContain('the disk is on fire')
    expect(logged).toMatch(/src\/domain\/topics\.ts:\d+/)
    expect(logged).not.toContain(ROOT)
  })
})
