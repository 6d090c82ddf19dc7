import { createRoute } from '@hono/zod-openapi'
import { z } from 'zod'
import { classifyBareTitle } from '../../../domain/committee.ts'
import type { Ctx } from '../../../domain/context.ts'
import type { Router } from '../../router.ts'
import { apiKey } from '../../middleware/auth.ts'
import { json, jsonBody, problems } from '../../openapi.ts'

const ClassifyBody = z
  .strictObject({
    titles: z
      .array(z.string().max(500, 'must be at most 500 characters'))
      .min(1, 'must contain at least one title')
      .max(1000, 'must contain at most 1000 titles'),
  })
  .meta({ id: 'ClassifyTitles' })

const ClassifyResult = z
  .object({
    results: z.array(
      z.object({
        title: z.string(),
        function: z.string(),
        seniority: z.string(),
        confidence: z.number(),
        rule: z.string(),
        role: z.string().meta({ description: 'The buying-committee role the template gives.' }),
      }),
    ),
  })
  .meta({ id: 'ClassifiedTitles' })

export const route = (ctx: Ctx) =>
  createRoute({
    method: 'post',
    path: '/v1/titles/classify',
    operationId: 'classifyTitles',
    tags: ['committee'],
    summary: 'Classify job titles (English, Polish, Russian, German)',
    description:
      'Function, seniority, a confidence and the rule that fired, for up to 1,000 titles, in ' +
      'input order. A title that matches nothing is `other` with a low confidence, never an error.',
    ...apiKey(ctx, 'read'),
    request: { body: jsonBody(ClassifyBody) },
    responses: {
      200: json(ClassifyResult, 'One result per title'),
      ...problems(400, 401, 413, 415),
    },
  })

/** A bare title's classification, as the API answers it. */
function classifyTitle(title: string) {
  const person = classifyBareTitle(title)
  return {
    title,
    function: person.function,
    seniority: person.seniority,
    confidence: person.why.confidence,
    rule: person.why.rule,
    role: person.role,
  }
}

export function register(app: Router, ctx: Ctx) {
  app.openapi(route(ctx), (c) =>
    c.json({ results: c.req.valid('json').titles.map(classifyTitle) }, 200),
  )
}
