import { mkdtempSync, readFileSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { listeningPort, runIntent } from '../helpers/spawn.ts'

function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'intent-serve-')), 'data', 'intent.db')
}

describe('intent serve', () => {
  it('creates the database folder, prints a first admin key once, serves, and stops cleanly on SIGTERM', async () => {
    const dbPath = tempDb()
    const first = runIntent(['serve'], { DB_PATH: dbPath, PORT: '0' })
    const port = await listeningPort(first)
    const key = /(ik_[A-Za-z0-9_-]{20,})/.exec(first.stderr())?.[1]
    expect(key).toBeDefined()
    expect(first.stdout()).not.toContain(key!)

    const health = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(await health.json()).toMatchObject({ status: 'ok', database: { reachable: true } })
    const put = await fetch(`http://127.0.0.1:${port}/v1/accounts/acme.com`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Acme' }),
    })
    expect(put.status).toBe(201)

    first.child.kill('SIGTERM')
    expect(await first.exited).toBe(0)
    expect(first.stdout()).toContain('"msg":"stopped"')
    expect(first.stdout()).not.toContain(key!)

    // A second start finds the key and the data; it prints no new key.
    const second = runIntent(['serve'], { DB_PATH: dbPath, PORT: '0' })
    const port2 = await listeningPort(second)
    const get = await fetch(`http://127.0.0.1:${port2}/v1/accounts/acme.com`, {
      headers: { authorization: `Bearer ${key}` },
    })
    expect(get.status).toBe(200)
    expect(second.stderr()).not.toMatch(/ik_/)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
  })

  it('does not create a key when ADMIN_API_KEY is set', async () => {
    const adminKey = 'an-operator-chosen-admin-key-123'
    const running = runIntent(['serve'], { DB_PATH: tempDb(), PORT: '0', ADMIN_API_KEY: adminKey })
    const port = await listeningPort(running)
    expect(running.stderr()).not.toMatch(/ik_/)
    const response = await fetch(`http://127.0.0.1:${port}/v1/accounts`, {
      headers: { authorization: `Bearer ${adminKey}` },
    })
    expect(response.status).toBe(200)
    running.child.kill('SIGTERM')
    expect(await running.exited).toBe(0)
  })

  it('stops at start-up with exit code 3 and names a bad variable', async () => {
    const running = runIntent(['serve'], { DB_PATH: tempDb(), PORT: 'eighty' })
    expect(await running.exited).toBe(3)
    expect(running.stderr()).toMatch(/PORT: must be a whole number/)
  })

  it('stops at start-up with exit code 3 on a bad OUTBOUND_ALLOW_HOSTS', async () => {
    const running = runIntent(['serve'], {
      DB_PATH: tempDb(),
      PORT: '0',
      OUTBOUND_ALLOW_HOSTS: '10.0.0.0/99',
    })
    expect(await running.exited).toBe(3)
    expect(running.stderr()).toMatch(/OUTBOUND_ALLOW_HOSTS: "10.0.0.0\/99" is not a host name/)
  })

  it('security: a bad TRUST_PROXY stops start-up with exit code 3, naming it (finding 4)', async () => {
    const running = runIntent(['serve'], { DB_PATH: tempDb(), PORT: '0', TRUST_PROXY: 'yes' })
    const outcome = await Promise.race([
      running.exited,
      listeningPort(running).then(() => 'served'),
    ])
    if (outcome === 'served') running.child.kill('SIGTERM')
    expect(outcome).toBe(3)
    expect(running.stderr()).toMatch(/TRUST_PROXY: must be/)
  })

  it('security: over a real socket, a sign-in declaring 300 MB answers 413 at once, and the signing secret is a 0600 file beside the database (findings 1, 3)', async () => {
    const dbPath = tempDb()
    const running = runIntent(['serve'], {
      DB_PATH: dbPath,
      PORT: '0',
      ADMIN_API_KEY: 'an-operator-chosen-admin-key-123',
    })
    const port = await listeningPort(running)
    const secretFile = join(dirname(dbPath), 'session-secret')
    expect(statSync(secretFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(secretFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/)
    // Send the headers and a few bytes, never the rest: the answer must not wait for it.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({
        port,
        host: '127.0.0.1',
        method: 'POST',
        path: '/signin',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(300 * 1024 * 1024),
        },
      })
      req.on('response', (response) => {
        resolve(response.statusCode ?? 0)
        req.destroy()
      })
      req.on('error', reject)
      req.write('key=')
    })
    expect(status).toBe(413)
    running.child.kill('SIGTERM')
    expect(await running.exited).toBe(0)
  })

  it('--help documents the commands and exit codes', async () => {
    const running = runIntent(['--help'])
    expect(await running.exited).toBe(0)
    expect(running.stdout()).toMatch(/serve/)
    expect(running.stdout()).toMatch(/Exit codes/)
  })

  it('an unknown command exits 2', async () => {
    const running = runIntent(['frobnicate'])
    expect(await running.exited).toBe(2)
  })
})

describe('intent keys', () => {
  it('creates, lists and revokes keys, never listing a secret', async () => {
    const dbPath = tempDb()
    const created = runIntent([
      'keys',
      'create',
      '--scope',
      'read',
      '--name',
      'sdr-team',
      '--db',
      dbPath,
    ])
    expect(await created.exited).toBe(0)
    const secret = created.stdout().trim()
    expect(secret).toMatch(/^ik_/)

    const listed = runIntent(['keys', 'list', '--db', dbPath])
    expect(await listed.exited).toBe(0)
    expect(listed.stdout()).toMatch(/sdr-team/)
    expect(listed.stdout()).not.toContain(secret)
    const id = /(key_[0-9a-f]+)/.exec(listed.stdout())![1]!

    const revoked = runIntent(['keys', 'revoke', id, '--db', dbPath])
    expect(await revoked.exited).toBe(0)
    const after = runIntent(['keys', 'list', '--db', dbPath])
    await after.exited
    expect(after.stdout()).toMatch(/revoked/)
  })

  it('refuses a bad scope with exit code 2', async () => {
    const running = runIntent(['keys', 'create', '--scope', 'root', '--db', tempDb()])
    expect(await running.exited).toBe(2)
    expect(running.stderr()).toMatch(/Allowed choices are read, write, admin/)
  })

  it('revoking an unknown key exits 1 with a message', async () => {
    const running = runIntent(['keys', 'revoke', 'key_nope', '--db', tempDb()])
    expect(await running.exited).toBe(1)
    expect(running.stderr()).toMatch(/was not found/)
  })
})
