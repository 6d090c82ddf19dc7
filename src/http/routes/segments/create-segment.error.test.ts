import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'
import { MAX_SEGMENTS } from '../../../domain/segments.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('POST and PUT /v1/segments', () => {
  it('lists every bad field with its path, unknown filter fields included, and saves nothing', async () => {
    const response = await t.json('/v1/segments', 'POST', {
      name: '',
      description: 'x'.repeat(1001),
      filter: { label: 'boiling', minScore: '50', employeesOver: 10, country: 'Poland' },
      extra: true,
    })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    const paths = problem.issues!.map((issue) => issue.path.join('.'))
    expect(paths).toEqual(
      expect.arrayContaining([
        'name',
        'description',
        'filter.label',
        'filter.minScore',
        'filter.country',
      ]),
    )
    // An unknown field is named by its own path, so a typo is found where it was made.
    expect(paths).toEqual(expect.arrayContaining(['filter.employeesOver', 'extra']))
    const listed = (await (await t.call('/v1/segments', { scope: 'read' })).json()) as {
      items: unknown[]
    }
    expect(listed.items).toEqual([])
  })

  it('answers 404 for an unknown segment on every operation', async () => {
    const body = { name: 'x', filter: {} }
    expect((await t.call('/v1/segments/seg_nope', { scope: 'read' })).status).toBe(404)
    expect((await t.call('/v1/segments/seg_nope/accounts', { scope: 'read' })).status).toBe(404)
    expect((await t.json('/v1/segments/seg_nope', 'PUT', body)).status).toBe(404)
    expect((await t.call('/v1/segments/seg_nope', { method: 'DELETE' })).status).toBe(404)
  })

  it('refuses a cursor it did not issue', async () => {
    const { id } = (await (
      await t.json('/v1/segments', 'POST', { name: 'x', filter: {} })
    ).json()) as {
      id: string
    }
    const response = await t.call(`/v1/segments/${id}/accounts?cursor=bm9wZQ`, { scope: 'read' })
    expect(response.status).toBe(400)
    expect((await problemOf(response)).issues![0]!.path).toEqual(['cursor'])
  })

  it(`refuses segment ${MAX_SEGMENTS + 1} with a conflict`, async () => {
    for (let i = 0; i < MAX_SEGMENTS; i++) {
      const response = await t.json('/v1/segments', 'POST', { name: `s${i}`, filter: {} })
      expect(response.status).toBe(201)
    }
    const over = await t.json('/v1/segments', 'POST', { name: 'one more', filter: {} })
    expect(over.status).toBe(409)
    expect((await problemOf(over)).detail).toMatch(/at most 500/)
  })
})
