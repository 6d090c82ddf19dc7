import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshPostgresDatabase, hasPostgres } from '../helpers/postgres.ts'
import { listeningPort, type Running, runIntent } from '../helpers/spawn.ts'

/**
 * Two `intent serve` processes over one PostgreSQL database, as two replicas behind a load
 * balancer: what one writes the other reads, a batch sent through both is stored once, they
 * answer the same score, the batch job runs against the same database, and killing one under
 * load loses no signal it acknowledged.
 */
const KEY = 'replica-test-admin-key-0123456789ab'
const AS_OF = Date.UTC(2026, 10, 20)

function batch(n: number, size = 200) {
  return Array.from({ length: size }, (_, i) => ({
    id: `b${n}-${i}`,
    type: i % 3 === 0 ? 'web_visit' : 'content',
    account: `company${(n * 7 + i) % 40}.com`,
    contact: `p${i % 9}@company${(n * 7 + i) % 40}.com`,
    topic: ['ERP', 'CRM'][i % 2],
    occurredAt: new Date(AS_OF - ((n * 200 + i) % 60) * 86_400_000).toISOString(),
  }))
}

const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }

async function post(port: number, body: unknown): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/v1/signals`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  })
}

;(hasPostgres() ? describe : describe.skip)('two replicas over one PostgreSQL', () => {
  let url: string
  let env: Record<string, string>
  const replicas: Running[] = []
  const ports: number[] = []
  let sql: pg.Client

  const start = async () => {
    const replica = runIntent(['serve'], env)
    replicas.push(replica)
    return listeningPort(replica)
  }

  beforeAll(async () => {
    url = await freshPostgresDatabase()
    env = {
      DATABASE_URL: url,
      PORT: '0',
      ADMIN_API_KEY: KEY,
      LOG_LEVEL: 'info',
      ERASURE_SECRET: 'replica-test-erasure-secret-0123456789',
      SESSION_SECRET: 'replica-test-session-secret-0123456789',
      RATE_LIMIT_PER_MINUTE: '0',
    }
    // Started together: both migrate the same empty database under the advisory lock.
    ports.push(...(await Promise.all([start(), start()])))
    sql = new pg.Client({ connectionString: url })
    await sql.connect()
  }, 60_000)

  afterAll(async () => {
    await sql?.end()
    for (const replica of replicas) replica.child.kill('SIGTERM')
    await Promise.all(replicas.map((replica) => replica.exited))
  })

  it('migrated the database once, though both started at the same moment', async () => {
    const { rows } = await sql.query('SELECT version FROM schema_migrations ORDER BY version')
    expect(rows.map((row) => row.version)).toEqual([1, 2, 3, 4])
  })

  it('reads through one what was written through the other', async () => {
    const [a, b] = ports as [number, number]
    const put = await fetch(`http://127.0.0.1:${a}/v1/accounts/acme.pl`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ name: 'Acme', industry: 'Software', employees: 250 }),
    })
    expect(put.status).toBeLessThan(300)
    const got = await fetch(`http://127.0.0.1:${b}/v1/accounts/acme.pl`, { headers })
    expect(got.status).toBe(200)
    expect(await got.json()).toMatchObject({
      domain: 'acme.pl',
      name: 'Acme',
      industry: 'Software',
      employees: 250,
    })
  })

  it('stores the same signals sent through both replicas at once exactly once', async () => {
    const [a, b] = ports as [number, number]
    const signals = batch(1_000, 500)
    const answers = await Promise.all([post(a, { signals }), post(b, { signals })])
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as {
      accepted: number
      duplicates: number
    }[]
    expect(answers.map((answer) => answer.status)).toEqual([200, 200])
    expect(bodies[0]!.accepted + bodies[1]!.accepted).toBe(500)
    expect(bodies[0]!.duplicates + bodies[1]!.duplicates).toBe(500)
    const { rows } = await sql.query(
      "SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS d FROM signals WHERE external_id LIKE 'b1000-%'",
    )
    expect(rows[0]).toEqual({ n: 500, d: 500 })
  })

  it('answers the same score and surging topics from either replica', async () => {
    const [a, b] = ports as [number, number]
    const asOf = new Date(AS_OF).toISOString()
    const [fromA, fromB] = await Promise.all(
      [a, b].map(async (port) => {
        const response = await fetch(
          `http://127.0.0.1:${port}/v1/accounts/company3.com?asOf=${asOf}`,
          { headers },
        )
        expect(response.status).toBe(200)
        // When each computed it is the one thing that may differ.
        const { computedAt: _, ...answer } = (await response.json()) as Record<string, unknown>
        return answer
      }),
    )
    expect(fromA!.inMarket).toMatchObject({ label: expect.any(String) })
    expect(fromA!.topics).toEqual(expect.arrayContaining([expect.anything()]))
    expect(fromA).toEqual(fromB)
  })

  it('runs intent score --all against the same database, and a replica serves what it stored', async () => {
    const run = runIntent(['score', '--all', '--out', '/dev/null'], { ...env, LOG_LEVEL: 'warn' })
    expect(await run.exited, run.stderr()).toBe(0)
    expect(run.stderr()).toMatch(/scored \d+ accounts/)
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM account_scores')
    const { rows: accounts } = await sql.query('SELECT count(*)::int AS n FROM accounts')
    expect(rows[0].n).toBe(accounts[0].n)
    const listed = await fetch(`http://127.0.0.1:${ports[1]}/v1/accounts?limit=5`, { headers })
    expect(listed.status).toBe(200)
  }, 60_000)

  it('loses no acknowledged signal when one replica is killed under load', async () => {
    const [a, b] = ports as [number, number]
    const acknowledged = new Set<number>()
    const attempted: number[] = []
    let next = 0
    let enough!: () => void
    const midLoad = new Promise<void>((resolve) => {
      enough = resolve
    })
    const client = (port: number) => async () => {
      while (next < 300) {
        const n = next++
        attempted.push(n)
        const ok = await post(port, { signals: batch(n) })
          .then((response) => response.status === 200)
          .catch(() => false)
        if (ok) {
          acknowledged.add(n)
          if (acknowledged.size === 20) enough()
        }
      }
    }
    // Half the clients on each replica; the first is killed without warning mid-load.
    const clients = Promise.all([client(a)(), client(a)(), client(b)(), client(b)()])
    await midLoad
    replicas[0]!.child.kill('SIGKILL')
    await replicas[0]!.exited
    await clients
    const { rows } = await sql.query<{ external_id: string }>(
      "SELECT external_id FROM signals WHERE external_id NOT LIKE 'b1000-%'",
    )
    const stored = new Set(rows.map((row) => row.external_id))
    for (const n of acknowledged)
      for (let i = 0; i < 200; i++) expect(stored.has(`b${n}-${i}`)).toBe(true)
    // All or nothing per batch, and nothing twice, though batches overlap the earlier tests' ids.
    const { rows: perBatch } = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM signals WHERE external_id NOT LIKE 'b1000-%' GROUP BY split_part(external_id, '-', 1)",
    )
    expect(perBatch.every((row) => row.n === 200)).toBe(true)
    // What was not acknowledged is retried through the survivor; everything is then stored once.
    for (const n of attempted.filter((n) => !acknowledged.has(n)))
      expect((await post(b, { signals: batch(n) })).status).toBe(200)
    const { rows: totals } = await sql.query(
      "SELECT count(*)::int AS n, count(DISTINCT external_id)::int AS d FROM signals WHERE external_id NOT LIKE 'b1000-%'",
    )
    expect(totals[0]).toEqual({ n: attempted.length * 200, d: attempted.length * 200 })
  }, 120_000)
})
