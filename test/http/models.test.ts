import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { defaultFixtureOptions } from '../../fixtures/generate.ts'
import { defaultModel } from '../../src/domain/in-market.ts'
import { loadFixtures } from '../../src/jobs/load-fixtures.ts'
import { buildTestApp, type TestApp } from '../helpers/app.ts'

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

describe('models', () => {
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
      await loadFixtures(t.ctx, { accounts: 150 })
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
