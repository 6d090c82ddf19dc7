import type { Ctx } from '../domain/context.ts'
import { retopicCheckpoint, retopicPage, topiclessSignalsAfter } from '../domain/retopic.ts'
import { yieldToEventLoop } from '../event-loop.ts'

export interface RetopicResult {
  /** Topic-less signals with a url, title or query looked at by this run. */
  examined: number
  /** Of those, the ones that now have the taxonomy's topic. */
  retopiced: number
  /** Matched, but left topic-less: their account is at its topic limit in that window. */
  capped: number
  /** Accounts whose rollups were rebuilt (and that were marked for rescoring). */
  accounts: number
  /** Signals an earlier, interrupted run with the same taxonomy had already looked at. */
  resumedAfter: number
  interrupted: boolean
}

/**
 * Gives stored topic-less signals the topic the current taxonomy derives from their url, title
 * or query, and rebuilds the daily rollups of the days they fall on; signals with a topic, or
 * whose sender named one, are never touched. Page by page in id order, each page one
 * transaction followed by a checkpoint: an interrupted run resumes where it stopped (with the
 * same taxonomy; a changed one starts over), and a page done twice changes nothing.
 */
export async function retopic(
  ctx: Ctx,
  options: {
    shouldStop: () => boolean
    onProgress?: (done: number, total: number) => void
    pageSize?: number
  },
): Promise<RetopicResult> {
  const taxonomy = await ctx.taxonomy.refresh()
  const checkpoint = retopicCheckpoint(ctx, taxonomy)
  let { after, done } = await checkpoint.resume()
  const resumedAfter = done
  const total = done + (await topiclessSignalsAfter(ctx, after))
  const accounts = new Set<number>()
  let retopiced = 0
  let capped = 0
  const result = (interrupted: boolean): RetopicResult => ({
    examined: done - resumedAfter,
    retopiced,
    capped,
    accounts: accounts.size,
    resumedAfter,
    interrupted,
  })

  for (;;) {
    if (options.shouldStop()) return result(true)
    const page = await retopicPage(ctx, taxonomy, after, options.pageSize)
    if (page === null) break
    retopiced += page.retopiced
    capped += page.capped
    for (const id of page.accounts) accounts.add(id)
    after = page.lastId
    done += page.examined
    await checkpoint.save({ after, done })
    options.onProgress?.(done, total)
    // Run next to a server's requests too: let them in between pages.
    await yieldToEventLoop()
  }
  await checkpoint.finish()
  return result(false)
}
