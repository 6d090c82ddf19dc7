import { describe, expect, it } from 'vitest'
import {
  displayDomain,
  normalizeDomain,
  normalizeEmail,
  topicKey,
  topicLabel,
} from '../../src/ingest/identity.ts'

describe('normalizeDomain', () => {
  const accepted: [string, string][] = [
    ['acme.com', 'acme.com'],
    ['ACME.COM', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['eu.shop.acme.com', 'acme.com'],
    ['https://www.Acme.co.uk/about', 'acme.co.uk'],
    ['http://acme.co.uk:8080/path?q=1#top', 'acme.co.uk'],
    ['acme.co.uk', 'acme.co.uk'],
    ['sklep.acme.com.pl', 'acme.com.pl'],
    ['acme.com.pl', 'acme.com.pl'],
    ['acme.com.ru', 'acme.com.ru'],
    ['www.yandex.ru', 'yandex.ru'],
    ['acme.com.', 'acme.com'],
    ['  acme.de  ', 'acme.de'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['https://www.BÜCHER.de/', 'xn--bcher-kva.de'],
    ['пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ['acme.com:443', 'acme.com'],
    ['HTTPS://ACME.IO', 'acme.io'],
    ['shop.acme.github.io', 'acme.github.io'],
  ]
  it.each(accepted)('%s → %s', (input, expected) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, value: expected })
  })

  const refused: [string, RegExp][] = [
    ['', /empty/],
    ['   ', /empty/],
    ['co.uk', /public suffix/],
    ['com.pl', /public suffix/],
    ['localhost', /unknown top-level domain/],
    ['acme.notatld', /unknown top-level domain/],
    ['192.168.1.10', /IP address/],
    ['http://[::1]:8080/', /IP address/],
    ['ftp://acme.com', /http and https/],
    ['jan@acme.com', /e-mail/],
    ['ex ample.com', /not a valid/],
    ['a..b.com', /not a valid domain name/],
    ['-acme.com', /not a valid domain name/],
    ['acme_corp.com', /not a valid domain name/],
    [`${'a'.repeat(64)}.com`, /not a valid domain name/],
    [`${'a'.repeat(3000)}.com`, /at most 2048/],
  ]
  it.each(refused)('refuses %j with a reason', (input, reason) => {
    const result = normalizeDomain(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })

  it('gives the Unicode form back for display', () => {
    expect(displayDomain('xn--bcher-kva.de')).toBe('bücher.de')
    expect(displayDomain('acme.com')).toBe('acme.com')
  })
})

describe('normalizeEmail', () => {
  const accepted: [string, string, string | null][] = [
    ['jan.kowalski@acme.pl', 'jan.kowalski@acme.pl', 'acme.pl'],
    ['Jan.Kowalski@ACME.PL', 'jan.kowalski@acme.pl', 'acme.pl'],
    ['  anna@acme.co.uk ', 'anna@acme.co.uk', 'acme.co.uk'],
    ['anna@mail.acme.co.uk', 'anna@mail.acme.co.uk', 'acme.co.uk'],
    ['ivan+crm@acme.com.ru', 'ivan+crm@acme.com.ru', 'acme.com.ru'],
    ['max@bücher.de', 'max@xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['max@xn--bcher-kva.de', 'max@xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['someone@gmail.com', 'someone@gmail.com', null],
    ['someone@GoogleMail.com', 'someone@googlemail.com', null],
    ['ivan@mail.ru', 'ivan@mail.ru', null],
    ['ivan@yandex.ru', 'ivan@yandex.ru', null],
    ['jan@wp.pl', 'jan@wp.pl', null],
    ['jan@o2.pl', 'jan@o2.pl', null],
    ['jan@onet.pl', 'jan@onet.pl', null],
    ['jan@interia.pl', 'jan@interia.pl', null],
    ['max@gmx.de', 'max@gmx.de', null],
    ['max@web.de', 'max@web.de', null],
    ['bob@outlook.com', 'bob@outlook.com', null],
    ['bob@yahoo.com', 'bob@yahoo.com', null],
  ]
  it.each(accepted)('%s → %s (account %s)', (input, email, accountDomain) => {
    expect(normalizeEmail(input)).toEqual({ ok: true, value: { email, accountDomain } })
  })

  const refused: [string, RegExp][] = [
    ['', /empty/],
    ['jan', /not an e-mail/],
    ['@acme.com', /not an e-mail/],
    ['jan@', /not an e-mail/],
    ['jan@@acme.com', /before the @/],
    ['jan kowalski@acme.com', /before the @/],
    ['.jan@acme.com', /before the @/],
    ['jan@acme', /unknown top-level domain/],
    ['jan@localhost', /unknown top-level domain/],
    ['jan@co.uk', /public suffix/],
    ['jan@10.0.0.1', /domain/],
    [`${'x'.repeat(65)}@acme.com`, /before the @/],
  ]
  it.each(refused)('refuses %j with a reason', (input, reason) => {
    const result = normalizeEmail(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })
})

describe('topics', () => {
  it('match case- and whitespace-insensitively while the label keeps its spelling', () => {
    expect(topicKey('  Data   Warehouse ')).toBe(topicKey('data warehouse'))
    expect(topicKey('DATA\tWAREHOUSE')).toBe('data warehouse')
    expect(topicLabel('  Data   Warehouse ')).toBe('Data Warehouse')
    expect(topicKey('Хранилище Данных')).toBe('хранилище данных')
  })
})

describe('security: mixed-script look-alike domains (finding 5)', () => {
  // Each label must be one script (digits and hyphens are no script), or one of the CJK
  // mixes Unicode's "highly restrictive" profile allows (UTS #39): a Cyrillic 'а' in a Latin
  // name is a phishing look-alike, a name wholly in Cyrillic is a name.
  const accepted: [string, string][] = [
    ['пример.рф', 'xn--e1afmkfd.xn--p1ai'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['mañana-2024.com', 'xn--maana-2024-u9a.com'],
    ['ελληνικά.gr', 'xn--hxargifdar.gr'],
    ['日本語ドメイン.jp', 'xn--eckwd4c7c5976acvb2w6i.jp'],
    ['acme.рф', 'acme.xn--p1ai'],
    ['компания-1.ru', 'xn---1-6kc6aimifk7n.ru'],
  ]
  it.each(accepted)('accepts %s (one script per label) → %s', (input, expected) => {
    expect(normalizeDomain(input)).toEqual({ ok: true, value: expected })
  })

  const refused: string[] = [
    'аcme.com', // Cyrillic а, then Latin
    'pаypal.com',
    'https://www.аcme.com/login',
    'xn--cme-5cd.com', // the punycode of аcme.com
    'gοogle.com', // Greek omicron
    'аcme.co.uk',
    'рaypal.рф', // Latin a inside a Cyrillic name
  ]
  it.each(refused)('refuses %s, saying the label mixes scripts', (input) => {
    const result = normalizeDomain(input)
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/mixes scripts/) })
    if (!result.ok) expect(result.reason).toMatch(/Latin/)
  })

  it.each([
    ['jan@аcme.com', /mixes scripts/],
    ['jan@gοogle.com', /mixes scripts/],
  ])('refuses the e-mail %s for its look-alike domain', (input, reason) => {
    const result = normalizeEmail(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })

  it('accepts e-mail at a one-script domain', () => {
    expect(normalizeEmail('ivan@пример.рф')).toEqual({
      ok: true,
      value: { email: 'ivan@xn--e1afmkfd.xn--p1ai', accountDomain: 'xn--e1afmkfd.xn--p1ai' },
    })
  })
})
