import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig, resolveErasureSecret } from '../src/config.ts'
import { redactedUrl } from '../src/database-url.ts'

const SECRETS = {
  ERASURE_SECRET: 'an-erasure-secret-of-32-characters!!',
  SESSION_SECRET: 'a-session-secret-of-32-characters!!!',
}

describe('DATABASE_URL', () => {
  it('takes postgres:// and postgresql:// URLs', () => {
    for (const url of ['postgres://intent@db/intent', 'postgresql://intent:pw@db:5432/intent'])
      expect(loadConfig({ DATABASE_URL: url, ...SECRETS }).DATABASE_URL).toBe(url)
    expect(loadConfig({}).DATABASE_URL).toBeUndefined()
  })

  it('refuses another scheme without printing the URL (it may hold a password)', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/intent', ...SECRETS })
    expect(attempt).toThrow(ConfigError)
    expect(attempt).toThrow(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/)
    expect(attempt).not.toThrow(/hunter2/)
  })

  it('needs the secrets every replica must share, naming each one missing', () => {
    const attempt = () => loadConfig({ DATABASE_URL: 'postgres://intent@db/intent' })
    expect(attempt).toThrow(/ERASURE_SECRET: must be set with DATABASE_URL/)
    expect(attempt).toThrow(/SESSION_SECRET: must be set with DATABASE_URL/)
    // SQLite alone keeps both in files beside the database: nothing is required.
    expect(() => loadConfig({})).not.toThrow()
  })

  it('accepts the erasure secret as the file a SQLite database kept beside it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'intent-secret-')), 'erasure-secret')
    const hex = 'ab'.repeat(32)
    writeFileSync(file, `${hex}\n`)
    const config = loadConfig({
      DATABASE_URL: 'postgres://intent@db/intent',
      SESSION_SECRET: SECRETS.SESSION_SECRET,
      ERASURE_SECRET_FILE: file,
    })
    expect(resolveErasureSecret(config)).toEqual(Buffer.from(hex, 'hex'))
    writeFileSync(file, 'not hex')
    expect(() => resolveErasureSecret(config)).toThrow(/does not hold 64 hex digits/)
  })

  it('is shown without its password', () => {
    expect(redactedUrl('postgres://intent:s3cret@db:5432/intent')).toBe(
      'postgres://intent:***@db:5432/intent',
    )
    expect(redactedUrl('postgres://db/intent')).toBe('postgres://db/intent')
    expect(redactedUrl('postgres://user:pw@[bad')).not.toMatch(/pw/)
  })
})
