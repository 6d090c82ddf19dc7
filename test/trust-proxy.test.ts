import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config.ts'
import { clientResolver, parseTrustProxy } from '../src/trust-proxy.ts'

describe('security: TRUST_PROXY is parsed once, strictly (finding 4)', () => {
  it.each([
    ['1', { hops: 1 }],
    ['2', { hops: 2 }],
    ['10.0.0.0/8', { cidrs: ['10.0.0.0/8'] }],
    [
      ' 10.0.0.0/8 , 192.168.0.0/16,fd00::/8 ',
      { cidrs: ['10.0.0.0/8', '192.168.0.0/16', 'fd00::/8'] },
    ],
    ['127.0.0.1', { cidrs: ['127.0.0.1/32'] }],
    ['::1', { cidrs: ['::1/128'] }],
    ['2001:DB8::/32', { cidrs: ['2001:db8::/32'] }],
  ])('reads %j', (text, parsed) => {
    expect(parseTrustProxy(text)).toEqual(parsed)
    expect(loadConfig({ TRUST_PROXY: text }).TRUST_PROXY).toEqual(parsed)
  })

  it.each([
    'yes',
    'true',
    '0',
    '-1',
    '1.5',
    '10.0.0.0/33',
    '300.1.1.1/8',
    '10.0.0.0/8,,',
    '10.0.0.0/8, nonsense',
    '::1/129',
    '10.0.0.0/08x',
  ])('refuses %j at start-up, naming the variable', (text) => {
    expect(() => loadConfig({ TRUST_PROXY: text })).toThrow(ConfigError)
    expect(() => loadConfig({ TRUST_PROXY: text })).toThrow(/TRUST_PROXY: must be/)
  })

  it('is unset by default', () => {
    expect(loadConfig({}).TRUST_PROXY).toBeUndefined()
  })
})

describe('security: the client address cannot be picked by the client (finding 4)', () => {
  const nobody = clientResolver(undefined)
  const cidrs = clientResolver(parseTrustProxy('10.0.0.0/8, fd00::/8')!)
  const oneHop = clientResolver(parseTrustProxy('1')!)
  const twoHops = clientResolver(parseTrustProxy('2')!)

  it('unset: the socket address, whatever the headers say', () => {
    expect(
      nobody({ socket: '198.51.100.7', forwardedFor: '1.2.3.4', forwarded: 'for=1.2.3.4' }),
    ).toBe('198.51.100.7')
    expect(nobody({ socket: '::ffff:198.51.100.7' })).toBe('198.51.100.7')
    expect(nobody({})).toBe('unknown')
  })

  it('CIDRs: a socket outside them is the client, headers ignored', () => {
    expect(cidrs({ socket: '198.51.100.7', forwardedFor: '10.0.0.3, 1.2.3.4' })).toBe(
      '198.51.100.7',
    )
  })

  it('CIDRs: walks X-Forwarded-For from the right, skipping trusted proxies', () => {
    expect(cidrs({ socket: '10.0.0.2', forwardedFor: '1.2.3.4, 203.0.113.5, 10.9.9.9' })).toBe(
      '203.0.113.5',
    )
    expect(cidrs({ socket: '::ffff:10.0.0.2', forwardedFor: '203.0.113.5:4711' })).toBe(
      '203.0.113.5',
    )
    expect(cidrs({ socket: 'fd00::1', forwardedFor: '[2001:DB8:0::1]:443' })).toBe('2001:db8::1')
    // Only trusted hops all the way: the left-most is as close to the client as we can know.
    expect(cidrs({ socket: '10.0.0.2', forwardedFor: '10.0.0.7, 10.0.0.8' })).toBe('10.0.0.7')
    // A trusted proxy that sent no header is the client itself (a health check, say).
    expect(cidrs({ socket: '10.0.0.2' })).toBe('10.0.0.2')
  })

  it('CIDRs: reads RFC 7239 Forwarded only when X-Forwarded-For is absent', () => {
    expect(
      cidrs({
        socket: '10.0.0.2',
        forwarded: 'for=192.0.2.43, for="[2001:db8:cafe::17]:4711";proto=https, for=10.1.1.1',
      }),
    ).toBe('2001:db8:cafe::17')
    expect(cidrs({ socket: '10.0.0.2', forwarded: 'For="192.0.2.60:8080";by=10.0.0.2' })).toBe(
      '192.0.2.60',
    )
    expect(
      cidrs({ socket: '10.0.0.2', forwardedFor: '203.0.113.5', forwarded: 'for=192.0.2.1' }),
    ).toBe('203.0.113.5')
  })

  it('hops: the N-th entry from the right of X-Forwarded-For', () => {
    expect(oneHop({ socket: '10.0.0.2', forwardedFor: '1.2.3.4, 203.0.113.5' })).toBe('203.0.113.5')
    expect(twoHops({ socket: '10.0.0.2', forwardedFor: '1.2.3.4, 203.0.113.5, 10.0.0.9' })).toBe(
      '203.0.113.5',
    )
    // Fewer hops than configured: every entry was written by a proxy; take the left-most.
    expect(twoHops({ socket: '10.0.0.2', forwardedFor: '203.0.113.5' })).toBe('203.0.113.5')
    expect(oneHop({ socket: '10.0.0.2' })).toBe('10.0.0.2')
  })

  it('hostile header values are bounded and never throw', () => {
    const long = Array.from({ length: 10_000 }, (_, i) => `1.1.${i % 250}.${i % 250}`).join(',')
    expect(() => cidrs({ socket: '10.0.0.2', forwardedFor: long })).not.toThrow()
    expect(cidrs({ socket: '10.0.0.2', forwardedFor: 'garbage, "x' })).toBe('x')
    expect(cidrs({ socket: '10.0.0.2', forwarded: 'for=;;;,,"' })).toBe('10.0.0.2')
  })
})
