import { describe, expect, it } from 'vitest'
import { authenticate, createApiKey, keyPrincipal, revokeApiKey } from '../../src/domain/keys.ts'
import { sessionPrincipal, startSession } from '../../src/domain/sessions.ts'
import { buildTestApp } from '../helpers/app.ts'

const HOUR = 3_600_000

describe('a key’s validity has one rule for the API and the pages', () => {
  it('accepts a live key and refuses an expired or revoked one, by secret and by session alike', async () => {
    const { ctx, clock } = await buildTestApp()
    const now = ctx.clock.now()
    const expiring = await createApiKey(ctx, { scope: 'read', expiresAt: now + 2 * HOUR })
    const revoked = await createApiKey(ctx, { scope: 'write' })
    const expiringSession = await startSession(ctx, {
      keyId: expiring.key.id,
      scope: 'read',
    })
    const revokedSession = await startSession(ctx, { keyId: revoked.key.id, scope: 'write' })

    const live = { keyId: expiring.key.id, scope: 'read' }
    expect(await authenticate(ctx, expiring.secret)).toEqual(live)
    expect(await keyPrincipal(ctx, expiring.key.id)).toEqual(live)
    expect(await sessionPrincipal(ctx, expiringSession.token)).toEqual(live)

    await revokeApiKey(ctx, revoked.key.id)
    expect(await authenticate(ctx, revoked.secret)).toBeNull()
    expect(await keyPrincipal(ctx, revoked.key.id)).toBeNull()
    expect(await sessionPrincipal(ctx, revokedSession.token)).toBeNull()

    // Expiry is exclusive at the instant: a key expiring now is already invalid.
    clock.set(now + 2 * HOUR)
    expect(await authenticate(ctx, expiring.secret)).toBeNull()
    expect(await keyPrincipal(ctx, expiring.key.id)).toBeNull()
    expect(await sessionPrincipal(ctx, expiringSession.token)).toBeNull()
    expect(await keyPrincipal(ctx, 'key_unknown')).toBeNull()
  })
})
