import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { getAccount, putAccount } from '../../src/domain/accounts.ts'
import { applyOnce, type EventSource } from '../../src/domain/events.ts'
import { applyHubSpotEvents, hubspotEventSchema } from '../../src/integrations/hubspot.ts'
import { processSegment, type SegmentMessage } from '../../src/integrations/segment.ts'
import { buildTestApp, NOW } from '../helpers/app.ts'

const SOURCES: EventSource[] = ['crm', 'hubspot', 'segment']

describe('applyOnce: one rule for every at-least-once sender', () => {
  it.each(SOURCES)(
    '%s: the same event twice, and twice at once, is applied once',
    async (source) => {
      const { ctx } = await buildTestApp()
      let applied = 0
      const work = async () => {
        applied += 1
        return applied
      }
      const [a, b] = await Promise.all([
        applyOnce(ctx, source, 'evt-1', work),
        applyOnce(ctx, source, 'evt-1', work),
      ])
      const later = await applyOnce(ctx, source, 'evt-1', work)
      expect([a, b, later].filter((once) => !once.duplicate)).toHaveLength(1)
      expect(later).toEqual({ duplicate: true })
      expect(applied).toBe(1)
      // Ids are per source: another sender's evt-1 is another event.
      const other = SOURCES.find((s) => s !== source)!
      expect((await applyOnce(ctx, other, 'evt-1', work)).duplicate).toBe(false)
    },
  )

  it.each(SOURCES)(
    '%s: a change that fails leaves the event unrecorded, so a retry applies it',
    async (source) => {
      const { ctx } = await buildTestApp()
      const failing = async () => {
        await putAccount(ctx, 'acme.pl', { name: 'Acme' })
        throw new Error('disk full')
      }
      await expect(applyOnce(ctx, source, 'evt-2', failing)).rejects.toThrow('disk full')
      const retry = await applyOnce(ctx, source, 'evt-2', () =>
        putAccount(ctx, 'acme.pl', { industry: 'Manufacturing' }),
      )
      expect(retry.duplicate).toBe(false)
      expect((await getAccount(ctx, 'acme.pl')).industry).toBe('Manufacturing')
      expect((await applyOnce(ctx, source, 'evt-2', failing)).duplicate).toBe(true)
    },
  )
})

describe('each sender goes through applyOnce', () => {
  it('CRM webhook: the same delivery sent twice at once is applied once', async () => {
    const secret = 'crm-webhook-secret-0123456789'
    const t = await buildTestApp({ WEBHOOK_SECRET: secret })
    const body = JSON.stringify({
      id: 'evt-9',
      type: 'company.upserted',
      occurredAt: '2026-11-20T10:00:00Z',
      data: { domain: 'acme.pl', name: 'Acme' },
    })
    const at = Math.floor(Date.parse(NOW) / 1000)
    const signature = `t=${at},v1=${createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')}`
    const send = () =>
      t.app.request('/v1/webhooks/crm', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature': signature },
        body,
      })
    const answers = await Promise.all([send(), send(), send()])
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { duplicate: boolean }[]
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200])
    expect(bodies.map((b) => b.duplicate).sort()).toEqual([false, true, true])
  })

  it('HubSpot: a failure mid-event is retried, not taken for a duplicate', async () => {
    const { ctx } = await buildTestApp()
    const event = hubspotEventSchema.parse({
      eventId: 41,
      subscriptionType: 'company.propertyChange',
      objectId: 501,
      propertyName: 'domain',
      propertyValue: 'mueller-gmbh.de',
    })
    const learn = ctx.store.webhooks.learn
    ctx.store.webhooks.learn = async () => {
      throw new Error('interrupted')
    }
    await expect(applyHubSpotEvents(ctx, [event])).rejects.toThrow('interrupted')
    ctx.store.webhooks.learn = learn
    const [retry, again] = await Promise.all([
      applyHubSpotEvents(ctx, [event]),
      applyHubSpotEvents(ctx, [event]),
    ])
    expect(retry.mapped + again.mapped).toBe(1)
    expect(retry.duplicates + again.duplicates).toBe(1)
    expect(await ctx.store.webhooks.keyOf('hubspot', 'company', '501')).toBe('mueller-gmbh.de')
  })

  it('Segment: the same message in two concurrent batches is applied once', async () => {
    const { ctx } = await buildTestApp()
    const message = {
      type: 'group',
      messageId: 'm-1',
      groupId: 'g-1',
      traits: { website: 'acme.pl', name: 'Acme' },
    } as SegmentMessage
    const [a, b] = await Promise.all([
      processSegment(ctx, [message]),
      processSegment(ctx, [message]),
    ])
    expect(a.processed + b.processed).toBe(1)
    expect(a.duplicates + b.duplicates).toBe(1)
  })
})
