import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.ts'

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      PORT: 8080,
      HOST: '127.0.0.1',
      DB_PATH: './data/intent.db',
      LOG_LEVEL: 'info',
      MAX_BODY_BYTES: 10 * 1024 * 1024,
      MODELS_DIR: 'data/models',
      RATE_LIMIT_PER_MINUTE: 12_000,
      HEALTH_MIN_FREE_MB: 64,
      HEALTH_MAX_LAG_MS: 1000,
      HUBSPOT_API_BASE: 'https://api.hubapi.com',
    })
  })

  it('sends the HubSpot token only over https, or plain http to this machine', () => {
    const base = (value: string) => loadConfig({ HUBSPOT_API_BASE: value }).HUBSPOT_API_BASE
    expect(base('https://hubspot-proxy.internal/api/')).toBe('https://hubspot-proxy.internal/api')
    expect(base('http://127.0.0.1:4010')).toBe('http://127.0.0.1:4010')
    expect(base('http://[::1]:4010/')).toBe('http://[::1]:4010')
    expect(base('http://localhost:4010')).toBe('http://localhost:4010')
    for (const refused of [
      'http://api.hubapi.com',
      'http://10.0.0.5',
      'http://[::ffff:10.0.0.5]',
      'https://user:pass@api.hubapi.com',
      'https://api.hubapi.com/?x=1',
      'ftp://api.hubapi.com',
      'api.hubapi.com',
    ])
      expect(() => loadConfig({ HUBSPOT_API_BASE: refused }), refused).toThrow(
        /HUBSPOT_API_BASE: must/,
      )
  })

  it('takes a HubSpot token without spaces, and never echoes it', () => {
    expect(
      loadConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-0123456789abcdef' }).HUBSPOT_ACCESS_TOKEN,
    ).toBe('pat-na1-0123456789abcdef')
    let message = ''
    try {
      loadConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-secret value\r\nX-Evil: 1' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(/HUBSPOT_ACCESS_TOKEN: must be a private app access token/)
    expect(message).not.toContain('secret value')
  })

  it('refuses health thresholds that are not numbers or below zero, naming each', () => {
    expect(() => loadConfig({ HEALTH_MIN_FREE_MB: 'lots', HEALTH_MAX_LAG_MS: '-5' })).toThrow(
      /HEALTH_MIN_FREE_MB: must be a number of megabytes[\s\S]*HEALTH_MAX_LAG_MS: must be 0 \(off\) or more/,
    )
    expect(loadConfig({ HEALTH_MIN_FREE_MB: '0', HEALTH_MAX_LAG_MS: '250' })).toMatchObject({
      HEALTH_MIN_FREE_MB: 0,
      HEALTH_MAX_LAG_MS: 250,
    })
  })

  it("keeps trained models beside the database, never in the package's models/ folder", () => {
    expect(loadConfig({ DB_PATH: '/var/lib/intent/intent.db' }).MODELS_DIR).toBe(
      '/var/lib/intent/models',
    )
    expect(loadConfig({ DB_PATH: '/data/x.db', MODELS_DIR: '/srv/models' }).MODELS_DIR).toBe(
      '/srv/models',
    )
    expect(loadConfig({ DB_PATH: ':memory:' }).MODELS_DIR).not.toMatch(/^(\.\/)?models$/)
  })

  it('reads values and treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '9090',
      HOST: '0.0.0.0',
      DB_PATH: '/tmp/x.db',
      LOG_LEVEL: 'debug',
      ADMIN_API_KEY: '',
      UNRELATED: 'x',
    })
    expect(config).toMatchObject({
      PORT: 9090,
      HOST: '0.0.0.0',
      DB_PATH: '/tmp/x.db',
      LOG_LEVEL: 'debug',
    })
    expect(config.ADMIN_API_KEY).toBeUndefined()
  })

  it.each([
    [{ PORT: 'abc' }, /PORT: must be a whole number.*"abc"/],
    [{ PORT: '70000' }, /PORT: must be between 0 and 65535/],
    [{ PORT: '80.5' }, /PORT: must be a whole number/],
    [
      { LOG_LEVEL: 'loud' },
      /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/,
    ],
    [{ MAX_BODY_BYTES: '12' }, /MAX_BODY_BYTES: must be at least 1024/],
    [{ ADMIN_API_KEY: 'short' }, /ADMIN_API_KEY: must be at least 24 characters/],
    [
      { OUTBOUND_ALLOW_HOSTS: 'crm.internal, not a host, 10.0.0.0/33' },
      /OUTBOUND_ALLOW_HOSTS: "not a host", "10.0.0.0\/33" are not a host name, IP address or CIDR range/,
    ],
    [
      { OUTBOUND_ALLOW_HOSTS: 'user@crm.internal' },
      /OUTBOUND_ALLOW_HOSTS: "user@crm.internal" is not/,
    ],
    [{ OUTBOUND_ALLOW_HOSTS: '*.corp.example' }, /OUTBOUND_ALLOW_HOSTS: "\*.corp.example" is not/],
    [{ ERASURE_SECRET: 'too-short-a-secret' }, /ERASURE_SECRET: must be at least 32 characters/],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('reads OUTBOUND_ALLOW_HOSTS once, in canonical form', () => {
    expect(
      loadConfig({
        OUTBOUND_ALLOW_HOSTS: ' CRM.Internal. ,127.1,[::1], 10.20.0.0/16,,fd00::/8 ',
      }).OUTBOUND_ALLOW_HOSTS,
    ).toEqual(['crm.internal', '127.0.0.1', '::1', '10.20.0.0/16', 'fd00::/8'])
    expect(loadConfig({}).OUTBOUND_ALLOW_HOSTS).toBeUndefined()
  })

  it('never echoes the admin key in its message', () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'secret-ish' })).toThrow(/^(?![\s\S]*secret-ish)/)
  })

  it('never echoes the erasure secret either', () => {
    expect(() => loadConfig({ ERASURE_SECRET: 'secret-ish-but-short' })).toThrow(
      /^(?![\s\S]*secret-ish)/,
    )
  })

  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT[\s\S]*LOG_LEVEL/)
  })
})
