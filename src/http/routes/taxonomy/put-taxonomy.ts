import { createRoute } from '@hono/zod-openapi'
import type { Ctx } from '../../../domain/context.ts'
import { putTaxonomy } from '../../../domain/taxonomy.ts'
import { TAXONOMY_LIMITS as LIMITS, taxonomySchema } from '../../../ingest/taxonomy-schema.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, jsonBody, problems } from '../../openapi.ts'
import { MATCHING, TaxonomySchema } from './schemas.ts'

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'put',
    path: '/v1/taxonomy',
    operationId: 'putTaxonomy',
    tags: ['taxonomy'],
    summary: 'Replace the topic taxonomy',
    description:
      `Replaces the taxonomy whole (admin). At most ${LIMITS.topics} topics, ${LIMITS.keywords} keywords ` +
      `(${LIMITS.keywordLength} characters, ${LIMITS.keywordWords} words) and ${LIMITS.urls} URL patterns ` +
      `(${LIMITS.urlLength} characters) a topic; a name, keyword or pattern belongs to one topic only. ` +
      'A body with any issue is refused whole, listing every issue with its path; nothing is written. ' +
      'Stored signals keep their topics: `intent retopic` derives topics for the topic-less ones. ' +
      MATCHING,
    ...apiKey(ctx, 'admin'),
    request: { body: jsonBody(taxonomySchema) },
    responses: {
      200: json(TaxonomySchema, 'Stored; the taxonomy as it now applies'),
      ...problems(400, 401, 403, 413, 415),
    },
  })

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), async (c) => c.json(await putTaxonomy(ctx, c.req.valid('json')), 200))
}
