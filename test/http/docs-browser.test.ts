import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../helpers/app.ts'
import { browserPlan, CHROMIUM, missingNotice } from '../helpers/chromium.ts'

/**
 * /docs in a real browser with every request off this origin refused: Swagger UI must load,
 * render and call the API from the service alone, under its CSP. Debian's Chromium, as in
 * test/web/browser.test.ts: a missing browser is a failure under CI=true, and a skip with a
 * notice on a developer's machine (`browserPlan`).
 */
const PLAN = browserPlan(process.env)
if (PLAN === 'skip') console.warn(missingNotice())

let t: TestApp
let browser: Browser
let server: ReturnType<typeof serve>
let base: string

beforeAll(async () => {
  if (PLAN === 'skip') return
  if (PLAN === 'fail') throw new Error(`${CHROMIUM} is missing: apt-get install chromium`)
  t = await buildTestApp()
  server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
})

describe.skipIf(PLAN === 'skip')('/docs in a browser, offline (issue 18)', () => {
  it('renders every operation and runs "Try it out" with nothing from outside and no CSP violation', async () => {
    const context = await browser.newContext()
    context.setDefaultTimeout(15_000)
    const outside: string[] = []
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith(base) || url.startsWith('data:')) return route.continue()
      outside.push(url)
      return route.abort()
    })
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('pageerror', (error) => problems.push(error.message))

    await page.goto(`${base}/docs`)
    await page.locator('.opblock').first().waitFor()
    expect(await page.locator('.opblock').count()).toBeGreaterThan(30)
    expect(await page.locator('.info .title').textContent()).toContain('Intent scoring API')

    const health = page.locator('#operations-operations-getHealth')
    await health.locator('.opblock-summary').click()
    await health.getByRole('button', { name: 'Try it out' }).click()
    await health.getByRole('button', { name: 'Execute' }).click()
    const status = health.locator('.live-responses-table tbody .response-col_status').first()
    await status.waitFor()
    expect(await status.textContent()).toContain('200')

    expect(outside).toEqual([])
    expect(problems).toEqual([])
    await context.close()
  })
})
