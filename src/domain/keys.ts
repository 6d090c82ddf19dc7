import type { Scope } from '../vocabulary.ts'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { AppError } from '../errors.ts'
import type { Ctx } from './context.ts'
import type { ApiKey } from '../records.ts'

/** Who is calling: a stored key, or the operator's ADMIN_API_KEY from the environment. */
export interface Principal {
  keyId: string
  scope: Scope
}

const SCOPE_RANK: Record<Scope, number> = { read: 1, write: 2, admin: 3 }

export function scopeAllows(granted: Scope, required: Scope): boolean {
  return SCOPE_RANK[granted] >= SCOPE_RANK[required]
}

/**
 * Keys carry 192 random bits, so a fast hash is as safe as a slow one: there is nothing to
 * brute-force. Only the hash is stored.
 */
function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest()
}

export async function createApiKey(
  ctx: Ctx,
  options: { scope: Scope; name?: string | null; expiresAt?: number | null },
): Promise<{ key: ApiKey; secret: string }> {
  const secret = `ik_${randomBytes(24).toString('base64url')}`
  const key = await ctx.store.apiKeys.create(
    {
      id: `key_${randomBytes(6).toString('hex')}`,
      secretHash: hashSecret(secret),
      prefix: secret.slice(0, 9),
      scope: options.scope,
      name: options.name ?? null,
      expiresAt: options.expiresAt ?? null,
    },
    ctx.clock.now(),
  )
  return { key, secret }
}

export async function listApiKeys(ctx: Ctx): Promise<ApiKey[]> {
  return ctx.store.apiKeys.list()
}

/** Revokes a key and deletes its page sessions (each request checks the key anyway). */
export async function revokeApiKey(ctx: Ctx, id: string): Promise<ApiKey> {
  const key = await ctx.store.apiKeys.revoke(id, ctx.clock.now())
  if (!key) throw new AppError('not_found', `The API key '${id}' was not found.`)
  await ctx.store.sessions.deleteForKey(id)
  return key
}

/** The principal id of the operator's ADMIN_API_KEY, which has no row in api_keys. */
export const ENV_ADMIN_KEY_ID = 'env:ADMIN_API_KEY'

/**
 * The environment key's hash. Not memoised: one SHA-256 of a short string costs what hashing
 * the presented secret already costs per request, and no table keyed on a configuration lives
 * outside the composition root.
 */
export function envAdminKeyHash(config: Ctx['config']): Buffer | null {
  return config.ADMIN_API_KEY === undefined ? null : hashSecret(config.ADMIN_API_KEY)
}

/**
 * Resolves a presented secret to a principal, or null. The environment key is compared in
 * constant time; stored keys are found by the hash of the secret, so lookup timing reveals
 * nothing about any stored secret. The row comes from the key cache while nothing was written
 * to the database since it was read (a revocation by `intent keys revoke` in another process
 * moves the mark too); validity is decided afresh on every request, by `standing`.
 */
export async function authenticate(ctx: Ctx, presented: string): Promise<Principal | null> {
  const hash = hashSecret(presented)
  const adminHash = envAdminKeyHash(ctx.config)
  if (adminHash !== null && timingSafeEqual(hash, adminHash)) {
    return { keyId: ENV_ADMIN_KEY_ID, scope: 'admin' }
  }
  const mark = await ctx.store.changes.mark()
  const cacheKey = hash.toString('base64')
  let key = ctx.caches.keys.get(cacheKey, mark) ?? null
  if (key === null) {
    key = await ctx.store.apiKeys.findBySecretHash(hash)
    if (key !== null) ctx.caches.keys.set(cacheKey, key, mark)
  }
  return standing(key, ctx.clock.now())
}

/**
 * The principal of a stored key by its id, or null when it is unknown, revoked or expired:
 * for sessions, which hold the id and not the secret.
 */
export async function keyPrincipal(ctx: Ctx, keyId: string): Promise<Principal | null> {
  return standing(await ctx.store.apiKeys.findById(keyId), ctx.clock.now())
}

/** The one rule of a stored key's validity: present, not revoked, not yet expired. */
function standing(key: ApiKey | null, now: number): Principal | null {
  if (!key || key.revokedAt !== null) return null
  if (key.expiresAt !== null && key.expiresAt <= now) return null
  return { keyId: key.id, scope: key.scope }
}

/**
 * On a first start with no key anywhere, make an admin key so the operator is never locked
 * out. Returns the secret to show once, or null when there was no need.
 */
export async function ensureBootstrapKey(ctx: Ctx): Promise<string | null> {
  if (ctx.config.ADMIN_API_KEY !== undefined) return null
  if ((await ctx.store.apiKeys.count()) > 0) return null
  const { secret } = await createApiKey(ctx, { scope: 'admin', name: 'bootstrap' })
  return secret
}
