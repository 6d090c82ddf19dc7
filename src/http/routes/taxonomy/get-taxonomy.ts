import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { getTaxonomy } from '../../../domain/taxonomy.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, problems } from '../../openapi.ts'
import { MATCHING, TaxonomySchema } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'get',
    path: '/v1/taxonomy',
    operationId: 'getTaxonomy',
    tags: ['taxonomy'],
    summary: 'The topic taxonomy',
    description: `Topics with their category, keywords and URL patterns: the stored taxonomy, or the one the service ships with until one is stored. ${MATCHING}`,
    ...apiKey(ctx, 'read'),
    responses: { 200: json(TaxonomySchema, 'The taxonomy'), ...problems(401) },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => c.json(await getTaxonomy(ctx), 200))
}
