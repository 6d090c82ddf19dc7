import { beforeEach, describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from '../../../../test/helpers/app.ts'
import { SegmentSchema } from './schemas.ts'

let t: TestApp
beforeEach(async () => {
  t = await buildTestApp()
})

describe('segments CRUD', () => {
  it('saves, lists, reads, replaces and deletes a segment, keeping its filter as given', async () => {
    const filter = {
      label: 'hot',
      country: 'PL',
      fitGrade: 'A',
      minEmployees: 50,
      maxEmployees: 5000,
      technology: 'SAP',
      minCoverage: 0.5,
    }
    const created = await t.json('/v1/segments', 'POST', { name: ' Hot ', filter })
    expect(created.status).toBe(201)
    const segment = SegmentSchema.parse(await created.json())
    expect(created.headers.get('location')).toBe(`/v1/segments/${segment.id}`)
    expect(segment).toMatchObject({ name: 'Hot', description: null, filter, members: 0 })

    const listed = (await (await t.call('/v1/segments', { scope: 'read' })).json()) as {
      items: unknown[]
    }
    expect(listed.items.map((item) => SegmentSchema.parse(item).id)).toEqual([segment.id])
    const read = await t.call(`/v1/segments/${segment.id}`, { scope: 'read' })
    expect(SegmentSchema.parse(await read.json())).toEqual(segment)

    const replaced = await t.json(`/v1/segments/${segment.id}`, 'PUT', {
      name: 'Warm',
      description: 'Warm accounts anywhere',
      filter: { label: 'warm' },
    })
    expect(replaced.status).toBe(200)
    expect(SegmentSchema.parse(await replaced.json())).toMatchObject({
      name: 'Warm',
      description: 'Warm accounts anywhere',
      filter: { label: 'warm' },
    })

    expect((await t.call(`/v1/segments/${segment.id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await t.call(`/v1/segments/${segment.id}`, { scope: 'read' })).status).toBe(404)
  })

  it('pages its accounts by domain with enteredAt, and keeps an entry time across an edit that keeps the member', async () => {
    for (const domain of ['c.pl', 'a.pl', 'b.pl']) {
      await t.json(`/v1/accounts/${domain}`, 'PUT', { country: 'PL', employees: 100 })
      await t.call(`/v1/accounts/${domain}`, { scope: 'read' }) // its first score
    }
    const created = await t.json('/v1/segments', 'POST', {
      name: 'Poland',
      filter: { country: 'pl' },
    })
    const { id } = SegmentSchema.parse(await created.json())
    const seen: { domain: string; enteredAt: string }[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2'
      const response = await t.call(`/v1/segments/${id}/accounts${query}`, { scope: 'read' })
      expect(response.status).toBe(200)
      const page = (await response.json()) as {
        items: { domain: string; enteredAt: string }[]
        nextCursor: string | null
      }
      seen.push(...page.items)
      cursor = page.nextCursor
    } while (cursor !== null)
    expect(seen.map((member) => member.domain)).toEqual(['a.pl', 'b.pl', 'c.pl'])
    const entered = seen[0]!.enteredAt

    t.clock.set(t.clock.now() + 60_000)
    await t.json(`/v1/segments/${id}`, 'PUT', {
      name: 'Poland, 100 or more',
      filter: { country: 'PL', minEmployees: 100 },
    })
    const after = (await (
      await t.call(`/v1/segments/${id}/accounts`, { scope: 'read' })
    ).json()) as { items: { domain: string; enteredAt: string }[] }
    expect(after.items.map((member) => member.enteredAt)).toEqual([entered, entered, entered])
  })
})
