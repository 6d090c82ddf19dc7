import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext } from '../../src/composition-root.ts'
import { accountCommittee } from '../../src/domain/committee.ts'
import type { Ctx } from '../../src/domain/context.ts'
import { createApiKey } from '../../src/domain/keys.ts'
import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { loadFixtures } from '../../src/jobs/load-fixtures.ts'
import { createLogger } from '../../src/logger.ts'
import { browserPlan, CHROMIUM, missingNotice } from '../helpers/chromium.ts'

/**
 * The pages in a real browser: the real app on a real port over generated demo data (the same
 * generator as `intent demo`, ending today), driven with Debian's Chromium. CI installs it, and
 * there a missing browser is a failure; elsewhere these tests are skipped with a notice.
 */
const PLAN = browserPlan(process.env)
if (PLAN === 'skip') console.warn(missingNotice())
const SHOTS = 'test-results'
const SCRIPT = '<script>alert(1)</script>'
const DAY = 86_400_000

let browser: Browser
let server: ReturnType<typeof serve>
let base: string
let readKey: string
let showcase: { domain: string; name: string; topic: string }

/** An account a seller would open first: in market, surging, with a committee half there. */
async function pickShowcase(ctx: Ctx) {
  const top = await ctx.store.scores.leaderboard({ limit: 30 })
  for (const row of top) {
    // The leaderboard lists warm and hot accounts until asked for all: search among those.
    if (row.surgingTopics.length === 0 || row.label === 'cold') continue
    const committee = await accountCommittee(ctx, row.domain, Date.now(), row.surgingTopics)
    if (committee.members.length >= 2 && committee.missingRoles.length > 0) {
      const account = await ctx.store.accounts.find(row.domain)
      return { domain: row.domain, name: account?.name ?? row.domain, topic: row.surgingTopics[0]! }
    }
  }
  throw new Error('no in-market account with a partial committee in the demo data')
}

async function seed(ctx: Ctx, app: ReturnType<typeof createApp>) {
  const asOf = new Date(Math.floor(Date.now() / DAY) * DAY).toISOString()
  await loadFixtures(ctx, { accounts: 150, asOf })
  const write = (await createApiKey(ctx, { scope: 'write' })).secret
  const send = (path: string, method: string, body: unknown) =>
    app.request(path, {
      method,
      headers: { authorization: `Bearer ${write}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  await send('/v1/accounts/evil-corp.com', 'PUT', { name: SCRIPT, industry: 'Software' })
  await send('/v1/contacts/x@evil-corp.com', 'PUT', {
    name: '"><img src=x onerror=alert(1)>',
    title: '"><img src=x onerror=alert(1)>',
  })
  const signals = Array.from({ length: 12 }, (_, i) => ({
    type: 'content',
    contact: 'x@evil-corp.com',
    topic: '"><img src=x onerror=alert(1)>',
    occurredAt: new Date(Date.now() - (i + 1) * DAY).toISOString(),
  }))
  await send('/v1/signals', 'POST', { signals })
  for (let round = 0; round < 5 && (await refreshDirtyScores(ctx, 1000)) > 0; round++);
}

/** A browser context signed in through the form, as a person would. */
async function signedIn(viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'en-US' })
  // Fail with Playwright's message (which step, which selector) before the test's own timeout.
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  await page.goto(`${base}/`)
  expect(new URL(page.url()).pathname).toBe('/signin')
  await page.getByLabel('API key').fill(readKey)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL(`${base}/`)
  await page.close()
  return context
}

/**
 * What a reader would see broken in the cells `selector` finds: a word (a run of letters and
 * digits: a line may still wrap at a space or after a domain's hyphen) split over two lines
 * ("cell text: word"; a word's range has one box per line it is on), and a label or stage cell
 * (class "word") whose text takes more than one line or spills out of the cell. A page script
 * as a string: the test compiles without the DOM library.
 */
function brokenWords(page: Page, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const found = []
    const lineTops = (range) =>
      [...range.getClientRects()].filter((box) => box.width > 0).map((box) => Math.round(box.top))
    for (const cell of document.querySelectorAll(${JSON.stringify(selector)})) {
      const text = cell.textContent.trim()
      const tops = new Set()
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.textContent.matchAll(/[\\p{L}\\p{N}]+/gu)) {
          const range = document.createRange()
          range.setStart(node, word.index)
          range.setEnd(node, word.index + word[0].length)
          const lines = lineTops(range)
          if (new Set(lines).size > 1) found.push(text + ': ' + word[0])
          for (const top of lines) tops.add(top)
        }
      }
      if (cell.classList.contains('word') && (tops.size > 1 || cell.scrollWidth > cell.clientWidth))
        found.push(text + ': not one line')
    }
    return found
  })()`)
}

describe.skipIf(PLAN === 'skip')('in a browser', () => {
  beforeAll(async () => {
    if (PLAN === 'fail') throw new Error(`${CHROMIUM} is missing: apt-get install chromium`)
    mkdirSync(SHOTS, { recursive: true })
    const ctx = buildContext(testConfig(), { logger: createLogger('silent') })
    const app = createApp(ctx)
    readKey = (await createApiKey(ctx, { scope: 'read', name: 'browser test' })).secret
    await seed(ctx, app)
    showcase = await pickShowcase(ctx)
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise((resolve) => server.once('listening', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  })

  it('signs in, searches, opens an account and shows its charts, reasons and committee', async () => {
    const context = await signedIn()
    const page = await context.newPage()
    await page.goto(`${base}/`)
    expect(await page.locator('h1').textContent()).toBe('In-market accounts')
    await page.screenshot({ path: `${SHOTS}/leaderboard-desktop.png`, fullPage: true })

    await page.getByLabel('Search by domain or name').fill(showcase.domain.split('.')[0]!)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\?q=/)
    await page.locator(`a[href="/accounts/${showcase.domain}"]`).click()
    await page.waitForURL(`${base}/accounts/${showcase.domain}`)

    expect(await page.locator('h1').textContent()).toBe(showcase.name)
    const line = page.locator('svg[aria-labelledby="line-title line-desc"]')
    expect(await line.getAttribute('role')).toBe('img')
    expect(await line.locator('path.score').getAttribute('d')).toMatch(
      /^M[\d.]+ [\d.]+(L[\d.]+ [\d.]+){10,}/,
    )
    expect(await page.locator('[data-chart="bars"] svg rect.recent').count()).toBeGreaterThan(0)
    expect(await page.locator('[data-section="reasons"] li').count()).toBeGreaterThan(3)
    expect(
      await page.locator('[data-section="committee"] .roles li.missing').count(),
    ).toBeGreaterThan(0)
    for (const section of ['reasons', 'committee', 'timeline', 'firmographics']) {
      expect(await page.locator(`[data-section="${section}"]`).isVisible(), section).toBe(true)
    }
    await page.screenshot({ path: `${SHOTS}/account-desktop.png`, fullPage: true })
    // The top of the page at a laptop's size: the README's picture (copied by hand, so a test
    // run never dirties the work tree).
    await page.setViewportSize({ width: 1280, height: 1500 })
    await page.screenshot({ path: `${SHOTS}/account-readme.png` })

    await page.goto(`${base}/topics/${encodeURIComponent(showcase.topic)}`)
    expect(await page.locator(`a[href="/accounts/${showcase.domain}"]`).count()).toBe(1)
    await page.screenshot({ path: `${SHOTS}/topic-desktop.png`, fullPage: true })
    await context.close()
  })

  it('shows a hostile account name as text and runs none of it', async () => {
    const context = await signedIn()
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message())
      await dialog.dismiss()
    })
    await page.goto(`${base}/accounts/evil-corp.com`)
    expect(await page.locator('h1').textContent()).toBe(SCRIPT)
    expect(await page.locator('img').count()).toBe(0)
    expect(await page.getByText('"><img src=x onerror=alert(1)>').count()).toBeGreaterThan(0)
    await page.goto(`${base}/?q=evil`)
    expect(await page.getByRole('link', { name: SCRIPT }).count()).toBe(1)
    expect(dialogs).toEqual([])
    await context.close()
  })

  it('is usable from the keyboard: skip link first, then on to the search field', async () => {
    const context = await signedIn()
    const page = await context.newPage()
    await page.goto(`${base}/`)
    await page.keyboard.press('Tab')
    // Page scripts as strings: the test compiles without the DOM library.
    const skip = await page.evaluate(
      '({ text: document.activeElement.textContent, outline: getComputedStyle(document.activeElement).outlineStyle })',
    )
    expect(skip).toEqual({ text: 'Skip to content', outline: 'solid' })
    let reached = false
    for (let i = 0; i < 15 && !reached; i++) {
      await page.keyboard.press('Tab')
      reached = await page.evaluate<boolean>("document.activeElement.id === 'q'")
    }
    expect(reached).toBe(true)
    await context.close()
  })

  it('fits a 375 px phone without sideways scrolling', async () => {
    const context = await signedIn({ width: 375, height: 800 })
    const page = await context.newPage()
    for (const path of ['/', `/accounts/${showcase.domain}`, '/accounts/evil-corp.com']) {
      await page.goto(`${base}${path}`)
      const width = await page.evaluate<number>('document.documentElement.scrollWidth')
      expect(width, path).toBeLessThanOrEqual(375)
    }
    await page.goto(`${base}/accounts/${showcase.domain}`)
    await page.screenshot({ path: `${SHOTS}/account-phone.png`, fullPage: true })
    await context.close()
  })

  it.each(['en', 'pl', 'ru'])(
    'at 1366×768 (%s) no leaderboard or topic cell breaks a word, and labels keep to one line',
    async (lang) => {
      const context = await signedIn({ width: 1366, height: 768 })
      const page = await context.newPage()
      for (const path of [
        `/?lang=${lang}&label=all`,
        `/?lang=${lang}&label=all&page=2`,
        `/?lang=${lang}`,
      ]) {
        await page.goto(`${base}${path}`)
        expect(
          await page.locator('[data-section="leaderboard"] td.word').count(),
          path,
        ).toBeGreaterThan(10)
        expect(await brokenWords(page, '[data-section="leaderboard"] td'), path).toEqual([])
        expect(
          await page.evaluate<number>('document.documentElement.scrollWidth'),
          path,
        ).toBeLessThanOrEqual(1366)
      }
      await page.screenshot({ path: `${SHOTS}/leaderboard-1366-${lang}.png` })
      await page.goto(`${base}/topics/${encodeURIComponent(showcase.topic)}?lang=${lang}`)
      expect(await brokenWords(page, '[data-section="topic-accounts"] td')).toEqual([])
      await context.close()
    },
  )

  it('on a narrow screen above the phone layout the table scrolls inside its box, words whole', async () => {
    const context = await signedIn({ width: 760, height: 900 })
    const page = await context.newPage()
    await page.goto(`${base}/?lang=ru&label=all`)
    expect(await brokenWords(page, '[data-section="leaderboard"] td')).toEqual([])
    // The page itself does not scroll sideways; the table's own box may.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      760,
    )
    const box = await page.evaluate<{ overflow: string; fits: boolean }>(
      `(() => { const box = document.querySelector('.table-scroll'); return { overflow: getComputedStyle(box).overflowX, fits: box.getBoundingClientRect().right <= 760 } })()`,
    )
    expect(box).toEqual({ overflow: 'auto', fits: true })
    await page.screenshot({ path: `${SHOTS}/leaderboard-760-ru.png`, fullPage: true })
    await context.close()
  })

  it('loads the icon under the pages’ CSP, with no failed request or console error', async () => {
    const context = await signedIn()
    const page = await context.newPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`)
    })
    await page.goto(`${base}/accounts/${showcase.domain}`)
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('/favicon.svg')
    // Loaded as the page loads images, so the CSP's img-src decides.
    const width = await page.evaluate<number>(
      `new Promise((resolve) => { const img = new Image(); img.onload = () => resolve(img.naturalWidth); img.onerror = () => resolve(0); img.src = document.querySelector('link[rel="icon"]').href })`,
    )
    expect(width).toBeGreaterThan(0)
    expect(problems).toEqual([])
    await context.close()
  })

  it('switches to Polish and stays in Polish', async () => {
    const context = await signedIn()
    const page = await context.newPage()
    await page.goto(`${base}/`)
    await page.getByRole('link', { name: 'Polski' }).click()
    expect(await page.locator('h1').textContent()).toBe('Firmy gotowe do zakupu')
    await page.goto(`${base}/accounts/${showcase.domain}`)
    expect(await page.locator('html').getAttribute('lang')).toBe('pl')
    expect(await page.locator('#reasons-h').textContent()).toBe('Skąd ten wynik')
    // The reasons themselves, with the account's numbers, are in Polish too.
    const reasons = (await page.locator('[data-section="reasons"]').textContent()) ?? ''
    expect(reasons).toContain('Ostatnia aktywność')
    expect(reasons).not.toContain('Last activity')
    await page.screenshot({ path: `${SHOTS}/account-pl.png`, fullPage: true })
    await context.close()
  })
})
