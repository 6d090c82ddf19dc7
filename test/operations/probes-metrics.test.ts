import { describe, expect, it } from 'vitest'
import { buildTestApp, NOW } from '../helpers/app.ts'

/**
 * The Prometheus text format, strictly enough that a malformed line fails: name{labels} value.
 * Values are Go floats, so NaN and Inf in any case (prom-client writes `Nan`).
 */
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.]+(e[+-]?\d+)?|[Nn][Aa][Nn]|[+-]?[Ii][Nn][Ff])$/
const COMMENT = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/

function parseMetrics(text: string): Map<string, number> {
  const samples = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (line === '') continue
    if (line.startsWith('#')) {
      expect(line).toMatch(COMMENT)
      continue
    }
    expect(line).toMatch(SAMPLE)
    const at = line.lastIndexOf(' ')
    samples.set(line.slice(0, at), Number(line.slice(at + 1)))
  }
  return samples
}

const signal = (id: string) => ({
  id,
  type: 'content',
  account: 'acme.com',
  topic: 'data warehouse',
  occurredAt: new Date(Date.parse(NOW) - 3_600_000).toISOString(),
})

describe('GET /readyz', () => {
  it('is 503 until the service has started and read its title model, 200 while it runs, and 503 from the moment it stops', async () => {
    const t = await buildTestApp()
    const before = await t.app.request('/readyz')
    expect(before.status).toBe(503)
    expect(await before.json()).toEqual({ ready: false, started: false, migrated: true })
    t.ctx.start()
    // Ready once the title model is read (off the request path, before traffic is sent).
    await t.ctx.health.warmedUp()
    const running = await t.app.request('/readyz')
    expect(running.status).toBe(200)
    expect(await running.json()).toEqual({ ready: true, started: true, migrated: true })
    const stopping = t.ctx.stop()
    const during = await t.app.request('/readyz')
    expect(during.status).toBe(503)
    expect(((await during.json()) as { started: boolean }).started).toBe(false)
    await stopping
  })
})

describe('GET /metrics', () => {
  it('needs an admin key', async () => {
    const t = await buildTestApp()
    expect((await t.call('/metrics', { scope: null })).status).toBe(401)
    expect((await t.call('/metrics', { scope: 'read' })).status).toBe(403)
    expect((await t.call('/metrics', { scope: 'write' })).status).toBe(403)
    expect((await t.call('/metrics', { scope: 'admin' })).status).toBe(200)
  })

  it('parses as Prometheus text, and its counters move with ingest', async () => {
    const t = await buildTestApp()
    const scrape = async () => {
      const response = await t.call('/metrics', { scope: 'admin' })
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
      return parseMetrics(await response.text())
    }
    const first = await scrape()
    for (const name of [
      'intent_signals_accepted_total',
      'intent_signals_duplicate_total',
      'intent_signals_rejected_total',
      'intent_scores_computed_total',
      'intent_outbox_pending',
      'intent_outbox_dead_total',
      'intent_db_size_bytes',
      'nodejs_eventloop_lag_seconds',
      'process_resident_memory_bytes',
    ])
      expect(first.has(name), name).toBe(true)
    expect(first.get('intent_signals_accepted_total')).toBe(0)

    const ok = await t.json('/v1/signals', 'POST', {
      signals: [signal('a'), signal('b'), signal('c')],
    })
    expect(ok.status).toBe(200)
    const again = await t.json('/v1/signals', 'POST', { signals: [signal('a'), signal('d')] })
    expect(await again.json()).toMatchObject({ accepted: 1, duplicates: 1 })
    const refused = await t.json('/v1/signals', 'POST', {
      signals: [signal('e'), { ...signal('f'), type: 'nonsense' }],
    })
    expect(refused.status).toBe(400)
    const ndjson = await t.call('/v1/signals', {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify(signal('g'))}\n{"type":"nope"}\n`,
    })
    expect(ndjson.status).toBe(400)
    expect((await t.call('/v1/accounts/acme.com', { scope: 'read' })).status).toBe(200)

    const after = await scrape()
    expect(after.get('intent_signals_accepted_total')).toBe(4)
    expect(after.get('intent_signals_duplicate_total')).toBe(1)
    expect(after.get('intent_signals_rejected_total')).toBe(4)
    expect(after.get('intent_scores_computed_total')).toBeGreaterThanOrEqual(1)
    expect(
      after.get(
        'intent_http_request_duration_seconds_count{route="/v1/signals",method="POST",status="200"}',
      ),
    ).toBe(2)
    expect(
      after.get(
        'intent_http_request_duration_seconds_count{route="/v1/accounts/:domain",method="GET",status="200"}',
      ),
    ).toBe(1)
  })

  it('never puts a concrete path, a domain or an address in a label', async () => {
    const t = await buildTestApp()
    await t.call('/v1/accounts/secret-customer.com', { scope: 'read' })
    await t.call('/v1/contacts/jane.doe%40secret-customer.com', { scope: 'read' })
    await t.call('/no/such/page/jane.doe@secret-customer.com', { scope: 'read' })
    await t.call('/v1/accounts', { method: 'BREW' as string, scope: 'read' }).catch(() => null)
    const text = await (await t.call('/metrics', { scope: 'admin' })).text()
    expect(text).not.toContain('secret-customer')
    expect(text).toContain('route="unmatched"')
  })
})
