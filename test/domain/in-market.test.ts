import { DAY_MS } from '../../src/vocabulary.ts'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultFixtureOptions } from '../../src/demo/generate.ts'
import type { Ctx } from '../../src/domain/context.ts'
import { defaultModel, scoreAccount } from '../../src/domain/in-market.ts'
import { ingestOutcomes, ingestSignals } from '../../src/domain/signals.ts'
import { loadFixtures } from '../../src/jobs/load-fixtures.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'

const AS_OF = Date.parse(defaultFixtureOptions.asOf)
let t: TestApp
let ctx: Ctx
let domains: string[]

beforeAll(async () => {
  t = await buildTestApp()
  t.clock.set(AS_OF)
  ctx = t.ctx
  await loadFixtures(ctx, { accounts: 120 })
  domains = (await ctx.store.accounts.list(null, 1000)).items.map((account) => account.domain)
}, 120_000)

describe('in-market score', () => {
  it('reasons add up exactly, with the base, to the log-odds; score and label follow from it', async () => {
    for (const domain of domains.filter((_, i) => i % 6 === 0)) {
      for (const asOf of [AS_OF, AS_OF - 40 * DAY_MS]) {
        const { inMarket } = await scoreAccount(ctx, domain, asOf)
        const total =
          inMarket.base + inMarket.reasons.reduce((sum, reason) => sum + reason.contribution, 0)
        expect(total).toBeCloseTo(inMarket.logOdds, 10)
        expect(inMarket.probability).toBeCloseTo(1 / (1 + Math.exp(-inMarket.logOdds)), 12)
        expect(inMarket.score).toBe(Math.round(inMarket.probability * 100))
        expect(inMarket.label).toBe(
          inMarket.score >= 60 ? 'hot' : inMarket.score >= 30 ? 'warm' : 'cold',
        )
        expect(inMarket.reasons.map((reason) => reason.factor).sort()).toEqual(
          [...defaultModel().features].sort(),
        )
        for (const reason of inMarket.reasons) expect(reason.text.length).toBeGreaterThan(10)
        expect(inMarket.model).toBe(defaultModel().id)
      }
    }
  })

  it('ranks the accounts planted as in market above the rest', async () => {
    const scores = await Promise.all(
      domains.map(async (domain) => (await scoreAccount(ctx, domain, AS_OF)).inMarket.score),
    )
    const hot = scores.filter((score) => score >= 60).length
    expect(hot).toBeGreaterThan(0)
    expect(hot).toBeLessThan(domains.length / 2)
  })

  it('a signal or outcome after asOf never changes a score as of before it', async () => {
    const domain = domains[3]!
    const before = AS_OF - 30 * DAY_MS
    const first = await scoreAccount(ctx, domain, before)
    const later = new Date(before + 60_000).toISOString()
    await ingestSignals(ctx, [
      { type: 'meeting', account: domain, topic: 'ERP', occurredAt: before + 60_000 } as never,
      { type: 'form', account: domain, topic: 'ERP', occurredAt: before + 3 * DAY_MS } as never,
    ])
    await ingestOutcomes(ctx, [
      { account: domain, type: 'opportunity', occurredAt: Date.parse(later) } as never,
    ])
    const second = await scoreAccount(ctx, domain, before)
    expect(second.inMarket).toEqual(first.inMarket)
    expect(second.fit).toEqual(first.fit)
  })
})
