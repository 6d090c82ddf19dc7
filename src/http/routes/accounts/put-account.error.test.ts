import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, problemOf, type TestApp } from '../../../../test/helpers/app.ts'
import { contentDigest } from '../../../../test/helpers/digest.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

/** Every field wrong in its own way, and one that is not a field at all. */
const INVALID_FIELDS = {
  employees: -1,
  revenue: 'lots',
  country: 'XX',
  technologies: 'SAP',
  attributes: [],
  colour: 'red',
}

describe('PUT /v1/accounts/{domain}', () => {
  it('lists every invalid field, in body and path, and writes nothing', async () => {
    const before = await contentDigest(t.ctx.store)
    const response = await t.json('/v1/accounts/localhost', 'PUT', INVALID_FIELDS)
    expect(response.status).toBe(400)
    const problem = await problemOf(response)
    expect(problem.code).toBe('validation_failed')
    // The path parameter is validated before the body, and reported in its own problem.
    expect(problem.issues).toEqual([
      expect.objectContaining({
        in: 'path',
        path: ['domain'],
        message: expect.stringMatching(/unknown top-level domain/),
      }),
    ])

    const bodyProblem = await problemOf(
      await t.json('/v1/accounts/acme.com', 'PUT', INVALID_FIELDS),
    )
    const paths = bodyProblem.issues!.map((issue) => issue.pointer).sort()
    expect(paths).toEqual([
      '/attributes',
      '/colour',
      '/country',
      '/employees',
      '/revenue',
      '/technologies',
    ])
    expect(bodyProblem.issues!.every((issue) => issue.in === 'body')).toBe(true)
    expect(await contentDigest(t.ctx.store)).toBe(before)
  })
})
