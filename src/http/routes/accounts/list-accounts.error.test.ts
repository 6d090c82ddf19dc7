import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('GET /v1/accounts', () => {
  it.each([
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?limit=ten', 'limit'],
    ['?cursor=not-a-cursor', 'cursor'],
  ])('refuses %s with a query issue', async (query, field) => {
    const response = await t.call(`/v1/accounts${query}`, { scope: 'read' })
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.issues).toEqual([expect.objectContaining({ in: 'query', path: [field] })])
  })
})
