import { z } from 'zod'
import type { Ctx } from '../../../domain/context.ts'
import { currentScore } from '../../../domain/scores.ts'
import { AppError, validationFailed } from '../../../errors.ts'
import { jsonShapeIssues } from '../../../ingest/json-shape.ts'
import type { Verdict } from '../../../integrations/signatures.ts'
import { issuesFromZod } from '../../errors.ts'
import { decodeUtf8 } from '../../raw-body.ts'

/** The current score of an account a webhook touched. */
export const TouchedScore = z.object({
  domain: z.string(),
  score: z.number().int(),
  probability: z.number(),
  label: z.string(),
  stage: z.string(),
  computedAt: z.string(),
})

/** The body, once its signature is verified; refused before any schema when its shape is unsafe. */
function parseJson(raw: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.')
  }
  const issues = jsonShapeIssues(value)
  if (issues.length > 0) throw validationFailed(issues.map((issue) => ({ ...issue, in: 'body' })))
  return value
}

/** The signature is the credential: nothing of the body is read before it verifies. */
export function verifiedBody<T extends z.ZodType>(
  verdict: Verdict,
  bytes: Uint8Array,
  schema: T,
): z.output<T> {
  if (!verdict.ok) throw new AppError('unauthorized', verdict.reason)
  const parsed = schema.safeParse(parseJson(decodeUtf8(bytes)))
  if (!parsed.success) throw validationFailed(issuesFromZod(parsed.error, 'body'))
  return parsed.data
}

export async function scoresOf(ctx: Ctx, domains: Iterable<string>) {
  const out = []
  for (const domain of domains) {
    const view = await currentScore(ctx, domain)
    const { score, probability, label, stage } = view.inMarket
    out.push({
      domain,
      score,
      probability: Math.round(probability * 10_000) / 10_000,
      label,
      stage,
      computedAt: new Date(view.computedAt).toISOString(),
    })
  }
  return out
}

export function requireSecret(secret: string | undefined, variable: string): string {
  if (!secret) throw new AppError('forbidden', `This webhook is off: set ${variable} to enable it.`)
  return secret
}
