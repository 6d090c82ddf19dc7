import { randomBytes } from 'node:crypto'
import { AppError, notFound } from '../errors.ts'
import type { Page } from '../records.ts'
import type { SavedSegment, SegmentMember } from '../store/repos/saved-segments.ts'
import { DAY_MS } from '../vocabulary.ts'
import type { Ctx } from './context.ts'
import { filterOf, type SegmentFilter } from './leaderboard-filter.ts'

export type { SavedSegment, SegmentMember }

/** Segments per install: each is tested against every account a score write moves. */
export const MAX_SEGMENTS = 500
/** A member's trend compares its score with the one this many days before. */
export const TREND_DAYS = 7

export interface SegmentInput {
  name: string
  description?: string | undefined
  filter: SegmentFilter
}

const definitionOf = (input: SegmentInput) => ({
  name: input.name,
  description: input.description ?? null,
  filter: filterOf(input.filter),
})

/**
 * Saves a segment and its members as of now: the scored accounts its filter selects. Those
 * first members raise no `segment.entered` (as an account's first score raises nothing); read
 * them from its accounts. Refused past MAX_SEGMENTS.
 */
export async function createSegment(ctx: Ctx, input: SegmentInput): Promise<SavedSegment> {
  const id = `seg_${randomBytes(6).toString('hex')}`
  const created = await ctx.store.savedSegments.create(
    id,
    definitionOf(input),
    ctx.clock.now(),
    MAX_SEGMENTS,
  )
  if (created === null)
    throw new AppError(
      'conflict',
      `An install holds at most ${MAX_SEGMENTS} segments: delete one to save another.`,
    )
  return created
}

/**
 * Replaces a segment's name, description and filter. A new filter recomputes the members:
 * those it keeps keep their entry time, the others enter or leave now, without events (the
 * definition moved, not the accounts).
 */
export async function updateSegment(
  ctx: Ctx,
  id: string,
  input: SegmentInput,
): Promise<SavedSegment> {
  const updated = await ctx.store.savedSegments.update(id, definitionOf(input), ctx.clock.now())
  if (updated === null) throw notFound(`The segment '${id}'`)
  return updated
}

export async function getSegment(ctx: Ctx, id: string): Promise<SavedSegment> {
  const segment = await ctx.store.savedSegments.get(id)
  if (segment === null) throw notFound(`The segment '${id}'`)
  return segment
}

export async function listSegments(ctx: Ctx): Promise<SavedSegment[]> {
  return ctx.store.savedSegments.list()
}

export async function deleteSegment(ctx: Ctx, id: string): Promise<void> {
  if (!(await ctx.store.savedSegments.remove(id))) throw notFound(`The segment '${id}'`)
}

/** A page of a segment's members in domain order; `next` is the last domain when there are more. */
export async function segmentMembers(
  ctx: Ctx,
  id: string,
  after: string | null,
  limit: number,
): Promise<Page<SegmentMember>> {
  await getSegment(ctx, id)
  const trendDay = Math.floor(ctx.clock.now() / DAY_MS) - TREND_DAYS
  const rows = await ctx.store.savedSegments.members(id, after, limit + 1, trendDay)
  const items = rows.slice(0, limit)
  return { items, next: rows.length > limit ? (items.at(-1)?.domain ?? null) : null }
}
