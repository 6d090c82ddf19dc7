import { DAY_MS } from '../../src/vocabulary.ts'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultFixtureOptions } from '../../src/demo/generate.ts'
import { defaultModel } from '../../src/domain/in-market.ts'
import { loadFixtures } from '../../src/jobs/load-fixtures.ts'
import { buildTestApp, NOW, type TestApp } from '../helpers/app.ts'
import { loadSmallBook, smallBook } from '../helpers/small-book.ts'

const AS_OF = Date.parse(defaultFixtureOptions.asOf)

interface Summary {
  id: string
  active: boolean
  shipped: boolean
  metrics: { auc: number | null; calibration: unknown[] }
}

const models = async (t: TestApp) =>
  ((await (await t.call('/v1/models', { scope: 'read' })).json()) as { data: Summary[] }).data
const activeId = async (t: TestApp) => (await models(t)).find((model) => model.active)?.id
const scoredBy = async (t: TestApp, domain: string) =>
  (
    (await (await t.call(`/v1/accounts/${domain}`, { scope: 'read' })).json()) as {
      inMarket: { model: string }
    }
  ).inMarket.model

interface Report extends Summary {
  form: string
  baseProbability: number
  metrics: Summary['metrics'] & {
    population: string
    aucInterval: [number, number] | null
    brier: number
    logLoss: number
    lift: number
    baseline: { auc: number } | null
  }
  terms: { feature: string; family: string; kind: string }[]
  coefficients: number[]
  features: string[]
}

describe('a book with a month of signals and a couple of hundred decided deals', () => {
  const asOf = Date.parse(NOW)
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp()
    await loadSmallBook(t, smallBook({ asOf, accounts: 400, decided: 200, days: 30 }))
  }, 120_000)

  it('trains and activates a model from won and lost deals, with no long history needed', async () => {
    const response = await t.json('/v1/models/train', 'POST', {}, 'admin')
    expect(response.status).toBe(200)
    const body = (await response.json()) as { trained: boolean; activated: boolean; model: Report }
    expect(body).toMatchObject({ trained: true, activated: true })
    const report = (await (
      await t.call(`/v1/models/${body.model.id}`, { scope: 'read' })
    ).json()) as Report
    expect(report.active).toBe(true)
    expect(report.metrics.auc).toBeGreaterThan(0.7)
    expect(report.metrics.baseline?.auc).toBeGreaterThan(0.5)
    expect(report.metrics.aucInterval?.[0]).toBeLessThan(report.metrics.auc!)
    expect(report.metrics.lift).toBeGreaterThan(1)
    expect(report.metrics.calibration.length).toBeGreaterThan(1)
    expect(report.features).toEqual(report.terms.map((term) => term.feature))
    expect(report.coefficients).toHaveLength(report.features.length)
    // It learned from the account attribute and the pages, not only from intent.
    expect(report.features).toContain('attr.Lead Source')
    expect(report.terms.map((term) => term.family)).toContain('behaviour')
    expect(report.baseProbability).toBeGreaterThan(0)
    expect(report.baseProbability).toBeLessThan(1)
  }, 120_000)

  it('scores with reasons that may lower the score, sum to the log-odds and name the level', async () => {
    const lookup = await t.call('/v1/accounts/lead-0003.com', { scope: 'read' })
    const body = (await lookup.json()) as {
      inMarket: {
        base: number
        baseProbability: number
        logOdds: number
        reasons: { factor: string; contribution: number; effect: string; text: string }[]
      }
      fit: { grade: string | null; basis: string | null }
    }
    const { inMarket } = body
    const sum = inMarket.reasons.reduce((total, r) => total + r.contribution, inMarket.base)
    expect(sum).toBeCloseTo(inMarket.logOdds, 12)
    expect(inMarket.baseProbability).toBeCloseTo(1 / (1 + Math.exp(-inMarket.base)), 4)
    const source = inMarket.reasons.find((r) => r.factor === 'attr.Lead Source')!
    expect(source.text).toMatch(/^Lead Source: (Referral|Paid search) (raises|lowers) the score\.$/)
    for (const reason of inMarket.reasons) {
      const expected =
        reason.contribution > 0.0005 ? 'raises' : reason.contribution < -0.0005 ? 'lowers' : 'none'
      expect(reason.effect).toBe(expected)
    }
    // A lookalike of the won accounts grades the fit once the model has learned one.
    expect(body.fit.basis).toBe('lookalike')
    expect(body.fit.grade).toMatch(/^[ABCD]$/)
  })

  it('answers 404 for a model it does not have', async () => {
    expect((await t.call('/v1/models/m-nope', { scope: 'read' })).status).toBe(404)
  })
})

describe('models', () => {
  it('with a few dozen decided deals, training says why and the default model stays', async () => {
    const asOf = Date.parse(NOW)
    const t = await buildTestApp()
    await loadSmallBook(t, smallBook({ asOf, accounts: 120, decided: 30, days: 30 }))
    const response = await t.json(
      '/v1/models/train',
      'POST',
      { asOf: new Date(asOf - DAY_MS).toISOString() },
      'admin',
    )
    const body = (await response.json()) as { trained: boolean; activated: boolean; reason: string }
    expect(body).toMatchObject({ trained: false, activated: false })
    expect(body.reason).toMatch(/at least 20 of each are needed/)
    expect(body.reason).toMatch(/The active model \(m-[^)]+\) stays/)
    expect(await activeId(t)).toBe(defaultModel().id)
  }, 60_000)

  it('with too few outcomes, training says why and the default model stays', async () => {
    const t = await buildTestApp()
    await t.json('/v1/outcomes', 'POST', {
      outcomes: [{ account: 'acme.com', type: 'won', occurredAt: '2026-10-01T00:00:00Z' }],
    })
    const response = await t.json('/v1/models/train', 'POST', {}, 'admin')
    expect(response.status).toBe(200)
    const body = (await response.json()) as { trained: boolean; activated: boolean; reason: string }
    expect(body).toMatchObject({ trained: false, activated: false })
    expect(body.reason).toMatch(/at least 20/)
    expect(await activeId(t)).toBe(defaultModel().id)
  })

  it('needs the admin scope to train or activate', async () => {
    const t = await buildTestApp()
    expect((await t.json('/v1/models/train', 'POST', {}, 'write')).status).toBe(403)
    expect(
      (await t.call(`/v1/models/${defaultModel().id}/activate`, { method: 'POST', scope: 'write' }))
        .status,
    ).toBe(403)
    expect(
      (await t.call('/v1/models/nope/activate', { method: 'POST', scope: 'admin' })).status,
    ).toBe(404)
  })

  describe('on fixture data', () => {
    let t: TestApp
    beforeAll(async () => {
      t = await buildTestApp()
      t.clock.set(AS_OF)
      await loadFixtures(t.ctx, { accounts: 250 })
    }, 120_000)

    it('trains point-in-time with holdout metrics, activates, rolls back and forward', async () => {
      const response = await t.json(
        '/v1/models/train',
        'POST',
        { horizonDays: 90, force: true },
        'admin',
      )
      expect(response.status).toBe(200)
      const trained = (await response.json()) as {
        trained: boolean
        activated: boolean
        model: Summary
      }
      expect(trained).toMatchObject({ trained: true, activated: true })
      expect(trained.model.metrics.auc).toBeGreaterThan(0.5)
      expect(trained.model.metrics.calibration.length).toBeGreaterThan(0)
      const newId = trained.model.id
      expect(existsSync(join(t.ctx.config.MODELS_DIR, `${newId}.json`))).toBe(true)
      expect(await activeId(t)).toBe(newId)
      const domain = (await t.ctx.store.accounts.list(null, 1)).items[0]!.domain
      expect(await scoredBy(t, domain)).toBe(newId)

      const back = await t.call(`/v1/models/${defaultModel().id}/activate`, {
        method: 'POST',
        scope: 'admin',
      })
      expect(back.status).toBe(200)
      expect(await activeId(t)).toBe(defaultModel().id)
      expect(await scoredBy(t, domain)).toBe(defaultModel().id)

      expect(
        (await t.call(`/v1/models/${newId}/activate`, { method: 'POST', scope: 'admin' })).status,
      ).toBe(200)
      expect(await scoredBy(t, domain)).toBe(newId)
      const listed = await models(t)
      expect(listed.filter((model) => model.active)).toHaveLength(1)
      expect(listed.find((model) => model.shipped)?.id).toBe(defaultModel().id)
    }, 120_000)
  })
})
