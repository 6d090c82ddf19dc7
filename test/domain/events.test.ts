import { createHmac } from 'node:crypto'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { getAccount, putAccount } from '../../src/domain/accounts.ts'
import { applyOnce, CLAIM_LEASE_MS, type EventSource } from '../../src/domain/events.ts'
import { AppError } from '../../src/errors.ts'
import { applyHubSpotEvents, hubspotEventSchema } from '../../src/integrations/hubspot.ts'
import { processSegment, type SegmentMessage } from '../../src/integrations/segment.ts'
import type { Ctx } from '../../src/domain/context.ts'
import { loadMigrations, migrate } from '../../src/store/migrate.ts'
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

describe('applyOnce: a claim cut off between claim and change (crash-safe)', () => {
  /** A process that claimed the event and died before its change: the claim is left pending. */
  async function claimLeftPending(ctx: Ctx, source: EventSource, eventId: string) {
    const claim = await ctx.store.webhooks.claim(source, eventId, ctx.clock.now(), CLAIM_LEASE_MS)
    expect(claim).toEqual({ state: 'claimed' })
  }

  it.each(SOURCES)(
    '%s: the retry after the lease applies the event, and later deliveries are duplicates',
    async (source) => {
      const t = await buildTestApp()
      await claimLeftPending(t.ctx, source, 'evt-3')
      t.clock.set(new Date(Date.parse(NOW) + CLAIM_LEASE_MS).toISOString())
      let applied = 0
      const work = async () => {
        applied += 1
        return applied
      }
      const [a, b] = await Promise.all([
        applyOnce(t.ctx, source, 'evt-3', work),
        applyOnce(t.ctx, source, 'evt-3', work),
      ])
      expect([a, b].filter((once) => !once.duplicate)).toEqual([{ duplicate: false, result: 1 }])
      expect(await applyOnce(t.ctx, source, 'evt-3', work)).toEqual({ duplicate: true })
      // Finished claims never expire: a week later the event is still a duplicate.
      t.clock.set(new Date(Date.parse(NOW) + 7 * 86_400_000).toISOString())
      expect(await applyOnce(t.ctx, source, 'evt-3', work)).toEqual({ duplicate: true })
      expect(applied).toBe(1)
    },
  )

  it.each(SOURCES)(
    '%s: a retry within the lease is told to come back (503 Retry-After), not "duplicate"',
    async (source) => {
      const t = await buildTestApp()
      await claimLeftPending(t.ctx, source, 'evt-4')
      t.clock.set(new Date(Date.parse(NOW) + 60_000).toISOString())
      let applied = 0
      const work = async () => {
        applied += 1
      }
      const refused = await applyOnce(t.ctx, source, 'evt-4', work).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(AppError)
      expect(refused).toMatchObject({ code: 'unavailable', retryAfterSeconds: 240 })
      expect(applied).toBe(0)
      t.clock.set(new Date(Date.parse(NOW) + CLAIM_LEASE_MS + 1).toISOString())
      expect((await applyOnce(t.ctx, source, 'evt-4', work)).duplicate).toBe(false)
      expect(applied).toBe(1)
    },
  )

  it('a change cut off without giving its claim back (the process died) is applied by the retry', async () => {
    const t = await buildTestApp()
    // The release never runs: as if the process died between the claim and the change.
    const release = t.ctx.store.webhooks.release
    t.ctx.store.webhooks.release = () => new Promise<void>(() => {})
    const dying = applyOnce(t.ctx, 'crm', 'evt-5', async () => {
      throw new Error('killed')
    })
    await new Promise((resolve) => setImmediate(resolve))
    t.ctx.store.webhooks.release = release
    void dying
    // A new process: nothing in flight, the pending claim in the database.
    const next = { ...t.ctx, eventsInFlight: new Map() }
    t.clock.set(new Date(Date.parse(NOW) + CLAIM_LEASE_MS).toISOString())
    const retry = await applyOnce(next, 'crm', 'evt-5', () =>
      putAccount(next, 'acme.pl', { name: 'Acme' }),
    )
    expect(retry.duplicate).toBe(false)
    expect((await getAccount(next, 'acme.pl')).name).toBe('Acme')
    expect(await applyOnce(next, 'crm', 'evt-5', async () => 0)).toEqual({ duplicate: true })
  })

  it('a delivery that arrives while the first is applying waits, and applies it if the first fails', async () => {
    const { ctx } = await buildTestApp()
    let fail!: (error: Error) => void
    const first = applyOnce(
      ctx,
      'hubspot',
      'evt-6',
      () => new Promise((_, reject) => (fail = reject)),
    )
    const second = applyOnce(ctx, 'hubspot', 'evt-6', async () => 'second')
    await new Promise((resolve) => setImmediate(resolve))
    fail(new Error('lock timeout'))
    await expect(first).rejects.toThrow('lock timeout')
    expect(await second).toEqual({ duplicate: false, result: 'second' })
  })

  it('migration 0019 keeps every earlier claim as applied, Segment message ids included', () => {
    const db = new Database(':memory:')
    migrate(
      db,
      loadMigrations().filter((migration) => migration.version < 19),
    )
    db.prepare("INSERT INTO webhook_events VALUES ('hubspot', '41', 1000)").run()
    db.prepare("INSERT INTO segment_messages VALUES ('m-1', 2000)").run()
    migrate(db)
    expect(db.prepare('SELECT * FROM webhook_events ORDER BY source').all()).toEqual([
      { source: 'hubspot', event_id: '41', claimed_at: 1000, applied_at: 1000 },
      { source: 'segment', event_id: 'm-1', claimed_at: 2000, applied_at: 2000 },
    ])
  })
})

/** A service with a webhook secret, and a signed delivery of one company event, signed when sent. */
async function crmSender(eventId: string) {
  const secret = 'crm-webhook-secret-0123456789'
  const t = await buildTestApp({ WEBHOOK_SECRET: secret })
  const body = JSON.stringify({
    id: eventId,
    type: 'company.upserted',
    occurredAt: '2026-11-20T10:00:00Z',
    data: { domain: 'acme.pl', name: 'Acme' },
  })
  const send = () => {
    const at = Math.floor(t.ctx.clock.now() / 1000)
    const mac = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex')
    return t.app.request('/v1/webhooks/crm', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': `t=${at},v1=${mac}` },
      body,
    })
  }
  return { t, send }
}

describe('each sender goes through applyOnce', () => {
  it('CRM webhook: the same delivery sent twice at once is applied once', async () => {
    const { send } = await crmSender('evt-9')
    const answers = await Promise.all([send(), send(), send()])
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { duplicate: boolean }[]
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200])
    expect(bodies.map((b) => b.duplicate).sort()).toEqual([false, true, true])
  })

  it('CRM webhook: a claim left pending by a dead process is 503 + Retry-After, then applied', async () => {
    const { t, send } = await crmSender('evt-10')
    await t.ctx.store.webhooks.claim('crm', 'evt-10', t.ctx.clock.now(), CLAIM_LEASE_MS)
    t.clock.set(new Date(Date.parse(NOW) + 2 * 60_000).toISOString())
    const early = await send()
    expect(early.status).toBe(503)
    expect(early.headers.get('retry-after')).toBe('180')
    t.clock.set(new Date(Date.parse(NOW) + CLAIM_LEASE_MS).toISOString())
    const retried = await send()
    expect(retried.status).toBe(200)
    expect(await retried.json()).toMatchObject({ duplicate: false, recorded: 'account' })
    expect((await getAccount(t.ctx, 'acme.pl')).name).toBe('Acme')
    expect(await (await send()).json()).toMatchObject({ duplicate: true })
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
