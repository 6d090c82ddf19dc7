import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import type { Ctx } from '../../domain/context.ts'
import { getTaxonomy, putTaxonomy } from '../../domain/taxonomy.ts'
import { TAXONOMY_LIMITS as LIMITS, taxonomySchema } from '../../ingest/taxonomy-schema.ts'
import { createRouter } from '../env.ts'
import { requireScope } from '../middleware/auth.ts'
import { bearerAuth, json, problems } from '../openapi.ts'

const TaxonomySchema = z
  .object({
    topics: z.array(
      z.object({
        name: z.string(),
        category: z.string(),
        keywords: z.array(z.string()),
        urls: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'Taxonomy' })

const MATCHING =
  'A signal sent without a `topic` gets the topic its `url` (a URL pattern over host + path), ' +
  '`title` or `query` (a keyword, as whole words, case-, diacritic- and inflection-tolerant) names; ' +
  'the most specific match wins (docs/scoring.md §10).'

export function taxonomyRoutes(ctx: Ctx) {
  const app = createRouter()

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/taxonomy',
      operationId: 'getTaxonomy',
      tags: ['taxonomy'],
      summary: 'The topic taxonomy',
      description: `Topics with their category, keywords and URL patterns: the stored taxonomy, or the one the service ships with until one is stored. ${MATCHING}`,
      security: bearerAuth,
      middleware: [requireScope(ctx, 'read')],
      responses: { 200: json(TaxonomySchema, 'The taxonomy'), ...problems(401) },
    }),
    async (c) => c.json(await getTaxonomy(ctx), 200),
  )

  app.openapi(
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
      security: bearerAuth,
      middleware: [requireScope(ctx, 'admin')],
      request: {
        body: { required: true, content: { 'application/json': { schema: taxonomySchema } } },
      },
      responses: {
        200: json(TaxonomySchema, 'Stored; the taxonomy as it now applies'),
        ...problems(400, 401, 403, 413, 415),
      },
    }),
    async (c) => c.json(await putTaxonomy(ctx, c.req.valid('json')), 200),
  )

  return app
}
