import { z } from 'zod'
import { type Issue, validationFailed } from '../../../errors.ts'
import { type SegmentMessage, segmentMessageSchema } from '../../../integrations/segment.ts'
import {
  MAX_SKIPS_LISTED,
  SKIP_REASONS,
  type SkipReason,
} from '../../../integrations/segment-skips.ts'
import { issuesFromZod } from '../../errors.ts'
import { IngestWarningsSchema, suppressedCount } from '../../presenters.ts'

const MAX_MESSAGE_BYTES = 32 * 1024
export const MAX_BATCH_BYTES = 500 * 1024

export const SegmentResult = z
  .object({
    success: z.literal(true),
    processed: z.number().int(),
    duplicates: z.number().int(),
    skipped: z.number().int(),
    skips: z
      .array(
        z.object({
          index: z
            .number()
            .int()
            .meta({ description: 'Its position in `batch` (0 for a single call).' }),
          messageId: z.string().optional(),
          type: z.string(),
          reason: z.enum(Object.keys(SKIP_REASONS) as [SkipReason, ...SkipReason[]]),
          message: z.string(),
        }),
      )
      .optional()
      .meta({
        description: `Why each skipped message was skipped (the first ${MAX_SKIPS_LISTED}); present only when any. ${Object.entries(
          SKIP_REASONS,
        )
          .map(([reason, text]) => `${reason}: ${text}.`)
          .join(' ')}`,
      }),
    suppressed: suppressedCount,
    warnings: IngestWarningsSchema,
  })
  .meta({ id: 'SegmentResult' })

/** Validates every message first: one bad message refuses the request, and nothing is written. */
export function parseMessages(raw: unknown[], prefix: (string | number)[]): SegmentMessage[] {
  const issues: Issue[] = []
  const messages: SegmentMessage[] = []
  raw.forEach((item, index) => {
    const path = [...prefix, ...(prefix.length ? [index] : [])]
    if (JSON.stringify(item ?? null).length > MAX_MESSAGE_BYTES) {
      issues.push({
        in: 'body',
        path,
        message: 'is larger than 32 KB, the Segment limit for one message',
        code: 'too_big',
      })
      return
    }
    const parsed = segmentMessageSchema.safeParse(item)
    if (parsed.success) messages.push(parsed.data)
    else
      for (const issue of issuesFromZod(parsed.error, 'body'))
        issues.push({ ...issue, path: [...path, ...issue.path] })
  })
  if (issues.length > 0) throw validationFailed(issues)
  return messages
}
