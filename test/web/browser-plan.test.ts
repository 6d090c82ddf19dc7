import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { browserPlan } from '../helpers/chromium.ts'

const run = promisify(execFile)

describe('whether the browser tests run', () => {
  const installed = () => true
  const missing = () => false

  it.each([
    [{}, installed, 'run'],
    [{ CI: 'true' }, installed, 'run'],
    [{}, missing, 'skip'],
    [{ CI: '' }, missing, 'skip'],
    [{ CI: 'false' }, missing, 'skip'],
    [{ CI: 'true' }, missing, 'fail'],
    [{ CI: 'TRUE' }, missing, 'fail'],
    [{ CI: '1' }, missing, 'fail'],
  ] as const)('env %j, Chromium %s: %s', (env, exists, plan) => {
    expect(browserPlan(env, exists, '/usr/bin/chromium')).toBe(plan)
  })

  it('asks about the path it is given', () => {
    const asked: string[] = []
    const exists = (path: string) => {
      asked.push(path)
      return false
    }
    browserPlan({}, exists, '/opt/chromium')
    expect(asked).toEqual(['/opt/chromium'])
  })
})

/**
 * The real browser test file without a browser, in a child vitest: skipped with a notice on a
 * developer's machine, failed under CI=true. CHROMIUM_PATH points nowhere, so neither run seeds
 * data or starts a browser.
 */
describe('test/web/browser.test.ts without Chromium', () => {
  const childEnv = (ci: string) => {
    const env: Record<string, string> = {}
    for (const [key, value] of Object.entries(process.env))
      if (value !== undefined && !key.startsWith('VITEST') && key !== 'CI') env[key] = value
    return { ...env, CI: ci, CHROMIUM_PATH: '/nonexistent/chromium', NO_COLOR: '1' }
  }
  const vitest = (ci: string) =>
    run('node_modules/.bin/vitest', ['run', 'test/web/browser.test.ts'], {
      env: childEnv(ci),
      timeout: 90_000,
    }).then(
      ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({
        code: error.code,
        output: error.stdout + error.stderr,
      }),
    )

  it('is skipped with a printed notice, and passes', async () => {
    const { code, output } = await vitest('')
    expect(output).toContain('Browser tests skipped: /nonexistent/chromium is missing')
    expect(output).toMatch(/Tests\s+\d+ skipped/)
    expect(code).toBe(0)
  }, 120_000)

  it('fails under CI=true', async () => {
    const { code, output } = await vitest('true')
    expect(output).toContain('/nonexistent/chromium is missing: apt-get install chromium')
    expect(output).toMatch(/Test Files\s+1 failed/)
    expect(code).not.toBe(0)
  }, 120_000)
})
