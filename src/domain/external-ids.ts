import type { Ctx } from './context.ts'

/**
 * What a CRM's or a tracker's own ids stand for here: HubSpot object ids → a domain or an
 * e-mail address (learned from an event that carried both), Segment user ids → an address.
 * Later events that name only the id are applied to the same account or person.
 */

export async function rememberCrmObject(
  ctx: Ctx,
  source: string,
  kind: 'company' | 'contact',
  objectId: string,
  key: string,
): Promise<void> {
  await ctx.store.webhooks.learn(source, kind, objectId, key)
}

export async function crmObjectKey(
  ctx: Ctx,
  source: string,
  kind: 'company' | 'contact',
  objectId: string,
): Promise<string | null> {
  return ctx.store.webhooks.keyOf(source, kind, objectId)
}

export async function rememberSegmentUser(ctx: Ctx, userId: string, email: string): Promise<void> {
  await ctx.store.segment.rememberUser(userId, email)
}

export async function segmentUserEmail(ctx: Ctx, userId: string): Promise<string | null> {
  return ctx.store.segment.emailOfUser(userId)
}
