import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { domainField, domainKeyField } from '../../../ingest/fields.ts'
import { asOfQuery } from '../../as-of.ts'

/** A write names an account by a domain or URL, keyed by its registrable domain. */
export const DomainParam = z.object({
  domain: domainField.meta({ param: { name: 'domain', in: 'path' }, example: 'acme.co.uk' }),
})
/** Reads and erasure find an account by the key it was stored under, look-alike or not. */
export const KeyParam = z.object({
  domain: domainKeyField.meta({ param: { name: 'domain', in: 'path' }, example: 'acme.co.uk' }),
})

/** A read of one account as of an instant (`?asOf=`, default now). */
export const accountAsOfRequest = (ctx: Ctx) => ({
  params: KeyParam,
  query: z.object({ asOf: asOfQuery(ctx.clock) }),
})
