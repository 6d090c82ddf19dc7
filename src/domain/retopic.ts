import type { Retopic } from '../store/repos/retopic.ts'
import type { CompiledTaxonomy } from '../taxonomy/match.ts'
import { topicKey, topicLabel } from '../taxonomy/topic-key.ts'
import type { Ctx } from './context.ts'
import { type WalkCheckpoint, walkCheckpoint } from './checkpoints.ts'

/** Signals per transaction: one page's rollup rebuild must not hold the writer for long. */
export const RETOPIC_PAGE = 1000

/** What one page of the retopic walk changed. */
export interface RetopicPage {
  /** Topic-less signals with evidence looked at. */
  examined: number
  /** The last of them, by id: where the next page starts. */
  lastId: number
  /** Of those, the ones that now have the taxonomy's topic. */
  retopiced: number
  /** Matched, but left topic-less: their account is at its topic limit in that window. */
  capped: number
  /** Accounts whose rollups were rebuilt (and that were marked for rescoring). */
  accounts: number[]
}

/** A run resumes only a walk made with the same taxonomy: a changed one matches differently. */
export function retopicCheckpoint(ctx: Ctx, taxonomy: CompiledTaxonomy): WalkCheckpoint {
  return walkCheckpoint(ctx, 'retopic', { taxonomy: taxonomy.version })
}

/** Topic-less signals with a url, title or query after id `after`: what the walk has left. */
export async function topiclessSignalsAfter(ctx: Ctx, after: number): Promise<number> {
  return ctx.store.retopic.remaining(after)
}

/**
 * Gives the topic-less signals of the page after id `after` the topic `taxonomy` derives from
 * their url, title or query, and rebuilds the rollups of the days they fall on, in one
 * transaction; null once no such signal is left. Signals with a topic, or whose sender named
 * one, are never read, so a page done twice changes nothing.
 */
export async function retopicPage(
  ctx: Ctx,
  taxonomy: CompiledTaxonomy,
  after: number,
  pageSize = RETOPIC_PAGE,
): Promise<RetopicPage | null> {
  const page = await ctx.store.retopic.page(after, pageSize)
  const last = page.at(-1)
  if (last === undefined) return null
  const derived: Retopic[] = []
  for (const signal of page) {
    const match = taxonomy.match(signal)
    if (match === null) continue
    const { id, accountId, occurredAt } = signal
    derived.push({
      id,
      accountId,
      occurredAt,
      key: topicKey(match.topic),
      label: topicLabel(match.topic),
    })
  }
  const batch = await ctx.store.retopic.apply(derived, ctx.clock.now())
  return {
    examined: page.length,
    lastId: last.id,
    retopiced: batch.updated,
    capped: batch.capped,
    accounts: batch.accounts,
  }
}
