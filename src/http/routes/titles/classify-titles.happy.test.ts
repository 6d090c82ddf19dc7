import { beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})

describe('POST /v1/titles/classify', () => {
  it('classifies in input order, in four languages, and never fails on nonsense', async () => {
    const titles = [
      'Chief Financial Officer',
      'Dyrektor ds. Sprzedaży',
      'Финансовый директор',
      'Einkaufsleiterin',
      '???',
      '',
    ]
    const response = await t.json('/v1/titles/classify', 'POST', { titles }, 'read')
    expect(response.status).toBe(200)
    const { results } = (await response.json()) as {
      results: {
        title: string
        function: string
        seniority: string
        confidence: number
        rule: string
      }[]
    }
    expect(results.map((result) => result.title)).toEqual(titles)
    expect(results[0]).toMatchObject({ function: 'finance', seniority: 'c_level' })
    expect(results[1]).toMatchObject({ function: 'sales', seniority: 'director' })
    expect(results[2]).toMatchObject({ function: 'finance', seniority: 'c_level' })
    expect(results[3]).toMatchObject({ function: 'procurement' })
    for (const nonsense of results.slice(4)) {
      expect(nonsense.function).toBe('other')
      expect(nonsense.confidence).toBeLessThanOrEqual(0.3)
    }
  })
})
