import { createHash, createHmac } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/clock.ts'
import { ConfigError, resolveErasureSecret } from '../../src/config.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext } from '../../src/composition-root.ts'
import { eraseAccount, eraseContact } from '../../src/domain/erasure.ts'
import { deliveriesFor, subscribe } from '../../src/domain/notifications.ts'
import { ingestSignals } from '../../src/domain/signals.ts'
import { putContact } from '../../src/domain/contacts.ts'
import { verifyErasureSecret } from '../../src/domain/suppressions.ts'
import { createIngestSchemas } from '../../src/ingest/schemas.ts'
import { createLogger } from '../../src/logger.ts'

const clock = fixedClock('2026-11-25T12:00:00Z')
const fresh = () => mkdtempSync(join(tmpdir(), 'intent-erasure-'))
const contextAt = (path: string, overrides = {}) =>
  buildContext(testConfig({ DB_PATH: path, ...overrides }), {
    clock,
    logger: createLogger('silent'),
  })
/** Every byte SQLite keeps: the file and what the WAL still holds. */
const bytesOf = (path: string) =>
  Buffer.concat([path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file)))

describe('security: erased text does not linger in the database file (finding 2)', () => {
  it('secure_delete is on, and after erasure and a checkpoint the address bytes are gone', async () => {
    const path = join(fresh(), 'intent.db')
    const ctx = contextAt(path)
    const email = 'zuzanna.unique-marker@acme-erasure.pl'
    const { signal } = createIngestSchemas(clock)
    const signals = Array.from({ length: 200 }, (_, i) =>
      signal.parse({
        id: `s-${i}`,
        type: 'content',
        contact: email,
        topic: 'Data Warehouse',
        url: `https://vendor.example/${email}/${i}`,
        occurredAt: '2026-11-20T10:00:00Z',
      }),
    )
    await ingestSignals(ctx, signals)
    await putContact(ctx, { email, accountDomain: 'acme-erasure.pl' }, { name: 'Zuzanna Marker' })
    expect(bytesOf(path).includes(Buffer.from(email))).toBe(true)

    await eraseContact(ctx, email, 'key_test')
    // While the service still runs: the erasure checkpointed the WAL, whose old frames held
    // the address, and secure_delete zeroed the freed cells and pages.
    for (const text of [email, 'Zuzanna Marker'])
      expect(bytesOf(path).includes(Buffer.from(text))).toBe(false)
    await ctx.store.close()
    const db = new Database(path)
    expect(db.pragma('secure_delete', { simple: true })).toBe(0) // a plain connection: off
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    const bytes = bytesOf(path)
    expect(bytes.includes(Buffer.from(email))).toBe(false)
    expect(bytes.includes(Buffer.from('Zuzanna Marker'))).toBe(false)
  })

  it('the store turns secure_delete on for its own connection', async () => {
    const ctx = contextAt(join(fresh(), 'intent.db'))
    expect(await ctx.store.pragma('secure_delete')).toBe(1)
    await ctx.store.close()
  })

  it('an erased account leaves no trace in the outbox either', async () => {
    const path = join(fresh(), 'intent.db')
    const ctx = contextAt(path)
    const { signal } = createIngestSchemas(clock)
    await ingestSignals(ctx, [
      signal.parse({
        type: 'form',
        account: 'erase-me-unique.pl',
        occurredAt: '2026-11-20T10:00:00Z',
      }),
    ])
    const subscription = await subscribe(ctx, {
      url: 'https://crm.example/hook',
      events: ['label.changed'],
      secret: 'a-long-shared-secret-of-the-crm',
    })
    const { id } = (await ctx.store.accounts.findWithId('erase-me-unique.pl'))!
    // A score change queued a notification naming the account.
    await ctx.store.scores.saveMany(
      [
        {
          score: {
            accountId: id,
            computedAt: clock.now(),
            modelId: 'm-1',
            score: 70,
            probability: 0.7,
            label: 'hot',
            stage: 'decision',
            fitGrade: null,
            surgingTopics: [],
            body: '{}',
          },
          notify: deliveriesFor(
            'erase-me-unique.pl',
            { score: 20, label: 'cold', stage: 'awareness' },
            { score: 70, label: 'hot', stage: 'decision', model: 'm-1' },
            [subscription],
            clock.now(),
          ),
        },
      ],
      20_000,
      clock.now(),
    )
    expect(await ctx.store.outbox.pendingCount()).toBe(1)
    await eraseAccount(ctx, 'erase-me-unique.pl', 'key_test')
    expect(await ctx.store.outbox.pendingCount()).toBe(0)
    await ctx.store.close()
    const db = new Database(path)
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
    expect(bytesOf(path).includes(Buffer.from('erase-me-unique'))).toBe(false)
  })
})

describe('security: the erasure secret (finding 2)', () => {
  it('is ERASURE_SECRET when set (at least 32 characters)', () => {
    const secret = 'x'.repeat(32)
    expect(resolveErasureSecret(testConfig({ ERASURE_SECRET: secret }))).toEqual(
      Buffer.from(secret),
    )
  })

  it('else a file beside the database, created 0600 with 32 random bytes, kept across opens', () => {
    const dir = fresh()
    const config = testConfig({ DB_PATH: join(dir, 'sub', 'intent.db') })
    const first = resolveErasureSecret(config)
    const file = join(dir, 'sub', 'erasure-secret')
    expect(readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(first).toHaveLength(32)
    expect(resolveErasureSecret(config)).toEqual(first)
  })

  it('refuses a damaged secret file rather than erasing with a new secret', () => {
    const dir = fresh()
    writeFileSync(join(dir, 'erasure-secret'), 'not hex', { mode: 0o600 })
    expect(() => resolveErasureSecret(testConfig({ DB_PATH: join(dir, 'intent.db') }))).toThrow(
      ConfigError,
    )
  })

  it('is random per process for an in-memory database', () => {
    const a = resolveErasureSecret(testConfig())
    const b = resolveErasureSecret(testConfig())
    expect(a).toHaveLength(32)
    expect(a.equals(b)).toBe(false)
  })

  it('a database refuses a different secret than its suppressions were made with', async () => {
    const path = join(fresh(), 'intent.db')
    const ctx = contextAt(path, { ERASURE_SECRET: 'a'.repeat(40) })
    await verifyErasureSecret(ctx)
    await ctx.store.close()
    const other = contextAt(path, { ERASURE_SECRET: 'b'.repeat(40) })
    await expect(verifyErasureSecret(other)).rejects.toThrow(/ERASURE_SECRET/)
    await other.store.close()
  })

  it('re-keys audit entries written with the old bare SHA-256 under the secret', async () => {
    const path = join(fresh(), 'intent.db')
    const ctx = contextAt(path)
    await ctx.store.close()
    const legacy = createHash('sha256').update('old@acme.pl').digest('hex')
    const db = new Database(path)
    db.prepare(
      "INSERT INTO audit_log (at, actor, action, target_kind, target_hash, hash_scheme) VALUES (1, 'key_x', 'contact.erased', 'contact', ?, 'sha256')",
    ).run(legacy)
    db.close()
    const reopened = contextAt(path)
    await verifyErasureSecret(reopened)
    const [entry] = await reopened.store.erasure.auditLog(1)
    expect(entry!.target_hash).toBe(
      createHmac('sha256', reopened.erasureSecret).update(`sha256:${legacy}`).digest('hex'),
    )
    expect(JSON.stringify(entry)).not.toContain(legacy)
    await reopened.store.close()
  })
})
