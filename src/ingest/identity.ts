import { domainToASCII, domainToUnicode } from 'node:url'
import { parse as parseDomain } from 'tldts'
import { isFreeMailDomain } from './free-mail.ts'
import { disallowedMix } from './scripts.ts'

/** Either a normalized value or the reason the input cannot be one, written for the API user. */
export type Normalized<T> = { ok: true; value: T } | { ok: false; reason: string }

const MAX_INPUT_LENGTH = 2048
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason }
}

/** The ASCII (punycode) host of a domain or URL, without port, path or trailing dot. */
function hostOf(input: string): Normalized<string> {
  if (input.includes('@')) return fail('looks like an e-mail address, not a domain')
  const hasScheme = SCHEME.test(input)
  if (hasScheme && !/^https?:\/\//i.test(input))
    return fail('only http and https URLs are accepted')
  let url: URL
  try {
    url = new URL(hasScheme ? input : `http://${input}`)
  } catch {
    return fail('is not a valid domain or URL')
  }
  // The WHATWG URL parser lower-cases and converts IDN to punycode, so `bücher.de` and
  // `xn--bcher-kva.de` meet here.
  const host = url.hostname.replace(/\.$/, '')
  if (host === '') return fail('has no host name')
  if (host.startsWith('[') || /^\d+(\.\d+){3}$/.test(host))
    return fail('is an IP address, not a domain')
  return { ok: true, value: host }
}

/**
 * The registrable domain ("eTLD+1") that keys an account: `https://www.Acme.co.uk/about` →
 * `acme.co.uk`. Private suffixes count (`acme.com.ru`, `shop.github.io`), since the parties
 * below them are different organisations.
 */
export function normalizeDomain(raw: string): Normalized<string> {
  return memoized(domainCache, raw, (input) => refuseLookAlike(domainKey(input)))
}

/**
 * `normalizeDomain` without the look-alike check: for finding, reading and erasing what may
 * have been stored before that check existed. Never for writing.
 */
export function domainKey(raw: string): Normalized<string> {
  return memoized(domainKeyCache, raw, normalizeDomainUncached)
}

function refuseLookAlike(key: Normalized<string>): Normalized<string> {
  if (!key.ok) return key
  const mixed = lookAlikeLabel(key.value)
  return mixed ? fail(mixed) : key
}

/**
 * Batches repeat the same few domains and addresses thousands of times; URL parsing and the
 * public-suffix lookup are the costly part of validating a signal. Bounded: cleared when full.
 * Module-level on purpose: memos of pure functions of the text, keyed on no store,
 * configuration or context, so services sharing them see the same answers.
 */
const CACHE_LIMIT = 50_000
const domainCache = new Map<string, Normalized<string>>()
const domainKeyCache = new Map<string, Normalized<string>>()
const emailCache = new Map<string, Normalized<NormalizedEmail>>()
const emailKeyCache = new Map<string, Normalized<NormalizedEmail>>()

function memoized<T>(cache: Map<string, T>, key: string, compute: (key: string) => T): T {
  let value = cache.get(key)
  if (value === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear()
    value = compute(key)
    cache.set(key, value)
  }
  return value
}

function normalizeDomainUncached(raw: string): Normalized<string> {
  const input = raw.trim()
  if (input === '') return fail('must not be empty')
  if (input.length > MAX_INPUT_LENGTH) return fail(`must be at most ${MAX_INPUT_LENGTH} characters`)
  const host = hostOf(input)
  if (!host.ok) return host
  return registrableDomainOf(host.value)
}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

function registrableDomainOf(host: string): Normalized<string> {
  if (host.length > 253 || !host.split('.').every((label) => HOST_LABEL.test(label))) {
    return fail('is not a valid domain name (letters, digits and inner hyphens between dots)')
  }
  const parsed = parseDomain(host, { allowPrivateDomains: true, extractHostname: false })
  if (parsed.isIp) return fail('is an IP address, not a domain')
  if (!parsed.isIcann && !parsed.isPrivate) {
    return fail(`has an unknown top-level domain ('${parsed.publicSuffix ?? host}')`)
  }
  if (!parsed.domain) return fail(`'${host}' is a public suffix, not a company's domain`)
  return { ok: true, value: parsed.domain }
}

/**
 * Why the registrable domain is a likely look-alike, or null: a label that mixes scripts
 * (`аcme` with a Cyrillic 'а'). Only punycode labels can hold another script than Latin.
 */
function lookAlikeLabel(asciiDomain: string): string | null {
  for (const label of asciiDomain.split('.')) {
    if (!label.startsWith('xn--')) continue
    const unicode = domainToUnicode(label)
    const scripts = disallowedMix(unicode)
    if (scripts)
      return `has a label ('${unicode}') that mixes scripts (${scripts.join(' and ')}): refused as a likely look-alike of another name`
  }
  return null
}

export interface NormalizedEmail {
  /** The contact's key: lower-cased local part @ ASCII host. */
  email: string
  /** The employer's account domain, or null for free-mail providers. */
  accountDomain: string | null
}

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/

export function normalizeEmail(raw: string): Normalized<NormalizedEmail> {
  return memoized(emailCache, raw, (input) => {
    const key = emailKey(input)
    if (!key.ok) return key
    const mixed = lookAlikeLabel(key.value.email.slice(key.value.email.lastIndexOf('@') + 1))
    return mixed ? fail(`has a domain that ${mixed}`) : key
  })
}

/** `normalizeEmail` without the look-alike check: for finding and erasing stored contacts. */
export function emailKey(raw: string): Normalized<NormalizedEmail> {
  return memoized(emailKeyCache, raw, normalizeEmailUncached)
}

function normalizeEmailUncached(raw: string): Normalized<NormalizedEmail> {
  const input = raw.trim().toLowerCase()
  if (input === '') return fail('must not be empty')
  if (input.length > 254) return fail('must be at most 254 characters')
  const at = input.lastIndexOf('@')
  if (at <= 0 || at === input.length - 1)
    return fail('is not an e-mail address (expected name@company.com)')
  const local = input.slice(0, at)
  if (local.length > 64 || !LOCAL_PART.test(local)) {
    return fail('has an invalid part before the @')
  }
  const asciiHost = domainToASCII(input.slice(at + 1).replace(/\.$/, ''))
  if (asciiHost === '' || asciiHost.includes('@')) return fail('has an invalid domain after the @')
  const domain = registrableDomainOf(asciiHost)
  if (!domain.ok) return fail(`has a domain that ${domain.reason}`)
  return {
    ok: true,
    value: {
      email: `${local}@${asciiHost}`,
      accountDomain: isFreeMailDomain(domain.value) ? null : domain.value,
    },
  }
}

/** For display: `xn--bcher-kva.de` → `bücher.de`. */
export function displayDomain(asciiDomain: string): string {
  return domainToUnicode(asciiDomain) || asciiDomain
}

export { topicKey, topicLabel } from '../taxonomy/topic-key.ts'
