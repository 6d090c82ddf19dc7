import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('GET /v1/accounts', () => {
  it('pages through every account exactly once with the cursor', async () => {
    const domains = Array.from({ length: 7 }, (_, i) => `company${i}.com`)
    for (const domain of [...domains].reverse()) await t.json(`/v1/accounts/${domain}`, 'PUT', {})
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor ? `?limit=3&cursor=${cursor}` : '?limit=3'
      const response = await t.call(`/v1/accounts${query}`, { scope: 'read' })
      expect(response.status).toBe(200)
      const page = (await response.json()) as {
        data: { domain: string }[]
        nextCursor: string | null
      }
      seen.push(...page.data.map((account) => account.domain))
      cursor = page.nextCursor
      pages += 1
    } while (cursor !== null)
    expect(pages).toBe(3)
    expect(seen).toEqual(domains)
  })
})
