import { beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})

describe('POST /v1/titles/classify', () => {
  it('refuses an empty list and more than 1,000 titles', async () => {
    expect((await t.json('/v1/titles/classify', 'POST', { titles: [] }, 'read')).status).toBe(400)
    const many = Array.from({ length: 1001 }, () => 'CEO')
    expect((await t.json('/v1/titles/classify', 'POST', { titles: many }, 'read')).status).toBe(400)
  })
})
