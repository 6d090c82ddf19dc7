import { createHmac } from 'node:crypto'
import { ConfigError } from '../config.ts'
import { AppError, notFound, validationFailed } from '../errors.ts'
import { domainKey, emailKey, type NormalizedEmail } from '../ingest/identity.ts'
import type { SuppressionKind } from '../store/repos/suppressions.ts'
import type { Ctx } from './context.ts'

/**
 * Suppression: erasing a person or an account also records a keyed hash of who it was, and
 * every later input naming a suppressed identity is dropped (and counted) instead of bringing
 * them back. The hash is HMAC-SHA-256 with the erasure secret over `<kind>:<key>` (the
 * lower-cased address, or the registrable domain): without the secret, no one can test a
 * guessed address against it. The audit log records the same value.
 */
export function identityHash(ctx: Ctx, kind: SuppressionKind, key: string): Buffer {
  return createHmac('sha256', ctx.erasureSecret).update(`${kind}:${key}`).digest()
}

export interface Names {
  contact?: NormalizedEmail | null | undefined
  accounts?: (string | null | undefined)[]
}

/** Hashes a memo keeps before it starts over: about 10 MB. */
const MEMO_LIMIT = 100_000

/**
 * The hashes an input is dropped for: the person, their e-mail's employer domain (an erased
 * account's people stay erased) and any account the input names. Traffic names the same few
 * people thousands of times: pass a `memo` (ingest passes the service's, `ctx.caches`) and
 * each is hashed once. A hash depends only on the service's secret and the identity.
 */
export function suppressionHashes(
  ctx: Ctx,
  names: Names,
  memo: Map<string, Buffer> = new Map(),
): Buffer[] {
  const hash = (kind: SuppressionKind, key: string) => {
    const id = `${kind}:${key}`
    let found = memo.get(id)
    if (found === undefined) {
      found = identityHash(ctx, kind, key)
      // Bounded: a long-lived memo (the service's) starts over when full.
      if (memo.size >= MEMO_LIMIT) memo.clear()
      memo.set(id, found)
    }
    return found
  }
  const hashes: Buffer[] = []
  if (names.contact) {
    hashes.push(hash('contact', names.contact.email))
    if (names.contact.accountDomain !== null)
      hashes.push(hash('account', names.contact.accountDomain))
  }
  for (const domain of names.accounts ?? [])
    if (typeof domain === 'string') hashes.push(hash('account', domain))
  return hashes
}

const HOW_TO_LIFT =
  'An admin can lift the suppression with DELETE /v1/suppressions/{email-or-domain} ' +
  '(or `intent suppressions lift`).'

/** The one error a write naming a suppressed identity answers (409 `suppressed`). */
export function suppressedError(): AppError {
  return new AppError(
    'suppressed',
    `This names a person or an account that was erased on request, so it is not stored. ${HOW_TO_LIFT}`,
  )
}

/**
 * The same answer for a bulk write, which is all or nothing: every item naming a suppressed
 * identity is listed at `[list, index, key]`, and nothing of the request was written.
 */
export function suppressedItemsError(list: string, indexes: number[], key: string): AppError {
  const count = indexes.length
  return new AppError(
    'suppressed',
    `${count} item${count === 1 ? ' names' : 's name'} a person or an account that was erased on request; nothing was written. ${HOW_TO_LIFT}`,
    {
      issues: indexes.map((index) => ({
        in: 'body',
        path: [list, index, key],
        message: 'names a person or an account that was erased on request',
        code: 'suppressed',
      })),
    },
  )
}

export function isSuppressedError(error: unknown): boolean {
  return error instanceof AppError && error.code === 'suppressed'
}

/** Runs a write of one identity; false, not an error, when it was suppressed (for counting). */
export async function unlessSuppressed(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write()
    return true
  } catch (error) {
    if (isSuppressedError(error)) return false
    throw error
  }
}

/** Whether any identity an input names is suppressed: for inputs that store something first. */
export async function anySuppressed(ctx: Ctx, names: Names): Promise<boolean> {
  return ctx.store.suppressions.any(suppressionHashes(ctx, names))
}

/** An e-mail address or a domain, as the kind and key it was suppressed under. */
function targetOf(raw: string): { kind: SuppressionKind; key: string } {
  const parsed = raw.includes('@') ? emailKey(raw) : domainKey(raw)
  if (!parsed.ok) {
    throw validationFailed([
      {
        in: 'path',
        path: ['target'],
        message: `'${raw.slice(0, 100)}' ${parsed.reason}`,
        code: 'invalid_target',
      },
    ])
  }
  return typeof parsed.value === 'string'
    ? { kind: 'account', key: parsed.value }
    : { kind: 'contact', key: parsed.value.email }
}

/** Lifts the suppression of an e-mail address or a domain, audit-logged; 404 when there is none. */
export async function liftSuppression(ctx: Ctx, target: string, actor: string): Promise<void> {
  const { kind, key } = targetOf(target)
  const lifted = await ctx.store.suppressions.lift(
    identityHash(ctx, kind, key),
    kind,
    actor,
    ctx.clock.now(),
  )
  if (!lifted) throw notFound(`A suppression of that ${kind === 'contact' ? 'address' : 'domain'}`)
}

const SECRET_CHECK = 'erasure-secret-check'

/**
 * Refuses to run with a different erasure secret than the one this database's suppressions
 * were made with (they would silently stop matching: erased people would come back), and
 * re-keys audit targets written as a bare SHA-256 before suppressions existed. Run once at
 * start-up by the server and every command.
 */
export async function verifyErasureSecret(ctx: Ctx): Promise<void> {
  const mine = createHmac('sha256', ctx.erasureSecret)
    .update('intent erasure secret check')
    .digest('hex')
  const stored = await ctx.store.settings.getOrCreate(SECRET_CHECK, mine, ctx.clock.now())
  if (stored !== mine) {
    throw new ConfigError(
      'Invalid configuration:\n  ERASURE_SECRET: this database was used with another erasure secret ' +
        '(ERASURE_SECRET, or the erasure-secret file beside the database). Restore that secret: with ' +
        'another one, erased people and accounts would no longer be recognised.',
    )
  }
  await ctx.store.suppressions.rekeyLegacyAudit((legacyHex) =>
    createHmac('sha256', ctx.erasureSecret).update(`sha256:${legacyHex}`).digest('hex'),
  )
}
