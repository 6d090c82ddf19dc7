import { z } from 'zod'
import { fieldsOf, segmentFilterSchema } from '../../../domain/leaderboard-filter.ts'
import type { SavedSegment, SegmentMember } from '../../../domain/segments.ts'
import { IdParam, iso, isoInstant } from '../../openapi.ts'

/** `{id}`: a segment's, as the service issued it (`seg_…`). */
export const SegmentIdParam = IdParam

/** What POST creates and PUT replaces: a name, a description and the leaderboard's filters. */
export const SegmentInputSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
    description: z.string().max(1000, 'must be at most 1000 characters').optional(),
    filter: segmentFilterSchema,
  })
  .meta({ id: 'SegmentInput' })

export const SegmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    filter: segmentFilterSchema,
    members: z.number().int().meta({ description: 'How many accounts are in it now.' }),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Segment' })

export const presentSegment = (segment: SavedSegment): z.infer<typeof SegmentSchema> => ({
  id: segment.id,
  name: segment.name,
  description: segment.description,
  filter: fieldsOf(segment.filter),
  members: segment.members,
  createdAt: iso(segment.createdAt),
  updatedAt: iso(segment.updatedAt),
})

export const SegmentMemberSchema = z
  .object({
    domain: z.string(),
    name: z.string().nullable(),
    enteredAt: isoInstant.meta({ description: 'When the account last entered the segment.' }),
    score: z.number().int().nullable(),
    label: z.string().nullable(),
    stage: z.string().nullable(),
    scoreChange: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'The score minus the one stored 7 days before; null without one.' }),
  })
  .meta({ id: 'SegmentMember' })

export const presentMember = (member: SegmentMember): z.infer<typeof SegmentMemberSchema> => ({
  domain: member.domain,
  name: member.name,
  enteredAt: iso(member.enteredAt),
  score: member.score,
  label: member.label,
  stage: member.stage,
  scoreChange:
    member.score === null || member.scoreBefore === null ? null : member.score - member.scoreBefore,
})
