import type { Ctx } from '../domain/context.ts'
import { topicKey, topicLabel } from '../taxonomy/topic-key.ts'
import type { Retopic } from '../store/repos/retopic.ts'

const CHECKPOINT = 'retopic'
const PAGE = 1000

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
  const params = JSON.stringify({ taxonomy: taxonomy.version })
  const previous = await ctx.store.checkpoints.get(CHECKPOINT)
  const resume = previous !== null && previous.params === params ? previous : null
  let after = resume === null ? 0 : Number(resume.lastKey)
  let done = resume?.done ?? 0
  const resumedAfter = done
  const total = done + (await ctx.store.retopic.remaining(after))
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
    const page = await ctx.store.retopic.page(after, options.pageSize ?? PAGE)
    if (page.length === 0) break
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
    retopiced += batch.updated
    capped += batch.capped
    for (const id of batch.accounts) accounts.add(id)
    after = page.at(-1)!.id
    done += page.length
    await ctx.store.checkpoints.save(
      CHECKPOINT,
      { params, lastKey: String(after), done },
      ctx.clock.now(),
    )
    options.onProgress?.(done, total)
    // Run next to a server's requests too: let them in between pages.
    await new Promise((resolve) => setImmediate(resolve))
  }
  await ctx.store.checkpoints.clear(CHECKPOINT)
  return result(false)
}
