import { describe, expect, it } from 'vitest'
import { effectiveAddress, isInternalAddress } from '../../src/outbound/addresses.ts'
import { allowList } from '../../src/outbound/allow-list.ts'
import { classOfError, classOfStatus, storedFailureClass } from '../../src/outbound/failures.ts'

describe('security: SSRF through subscriptions (finding 1) — which addresses are internal', () => {
  it.each([
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '100.64.0.1',
    '100.127.255.255',
    '127.0.0.1',
    '127.255.255.254',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.168.0.1',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    '64:ff9b:1::1',
    '2002:c0a8:101::1',
    '2001:db8::1',
    '2001::1',
    'fc00::1',
    'fdff:ffff::1',
    'fe80::1',
    'febf::1',
    'ff02::1',
  ])('%s is internal', (address) => {
    expect(isInternalAddress(address)).toBe(true)
  })

  it.each([
    '1.1.1.1',
    '9.255.255.255',
    '11.0.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '172.15.255.255',
    '172.32.0.1',
    '192.169.0.1',
    '93.184.215.14',
    '2606:4700::1111',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (address) => {
    expect(isInternalAddress(address)).toBe(false)
  })

  it('judges IPv6 forms that carry an IPv4 address by that address', () => {
    expect(effectiveAddress('::ffff:10.1.2.3')).toEqual({ address: '10.1.2.3', family: 'ipv4' })
    expect(effectiveAddress('64:ff9b::a9fe:a9fe')).toEqual({
      address: '169.254.169.254',
      family: 'ipv4',
    })
  })

  it('allows what the operator lists: names exactly, IPs and ranges in any spelling', () => {
    const allow = allowList(['crm.internal', '127.0.0.1', '10.20.0.0/16', 'fd00::/8'])
    expect(allow.allowsName('crm.internal')).toBe(true)
    expect(allow.allowsName('x.crm.internal')).toBe(false)
    expect(allow.allowsAddress('127.0.0.1')).toBe(true)
    expect(allow.allowsAddress('::ffff:127.0.0.1')).toBe(true)
    expect(allow.allowsAddress('127.0.0.2')).toBe(false)
    expect(allow.allowsAddress('10.20.255.1')).toBe(true)
    expect(allow.allowsAddress('10.21.0.1')).toBe(false)
    expect(allow.allowsAddress('fd12::1')).toBe(true)
    expect(allow.allowsAddress('fe80::1')).toBe(false)
  })
})

describe('security: SSRF through subscriptions (finding 1) — failure classes', () => {
  it('maps statuses and error codes to classes, never keeping text', () => {
    expect([200, 204, 301, 308, 400, 429, 500, 503].map(classOfStatus)).toEqual([
      null,
      null,
      'redirect',
      'redirect',
      'http_4xx',
      'http_4xx',
      'http_5xx',
      'http_5xx',
    ])
    const code = (value: string) => Object.assign(new Error('x'), { code: value })
    expect(
      ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPROTO', 'CERT_HAS_EXPIRED'].map(
        (value) => classOfError(code(value)),
      ),
    ).toEqual(['connect', 'connect', 'dns', 'timeout', 'tls', 'tls'])
    expect(classOfError(code('ERR_TLS_CERT_ALTNAME_INVALID'))).toBe('tls')
    expect(classOfError(code('HPE_HEADER_OVERFLOW'))).toBe('reply_too_large')
  })

  it('shows rows an older version stored as text by class', () => {
    expect(
      [
        'HTTP 500',
        'HTTP 404',
        'HTTP 302',
        'fetch failed',
        'The operation was aborted due to timeout',
        'getaddrinfo ENOTFOUND x',
        null,
        'dns',
      ].map(storedFailureClass),
    ).toEqual(['http_5xx', 'http_4xx', 'redirect', 'connect', 'timeout', 'dns', null, 'dns'])
  })
})
