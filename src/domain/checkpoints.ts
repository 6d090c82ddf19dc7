import type { Ctx } from './context.ts'

/** Where a batch walk in id order stands: after which id, and how many items it has done. */
export interface WalkPosition {
  after: number
  done: number
}

/**
 * The checkpoint of a resumable batch walk (`intent score`, `intent retopic`): saved after
 * each unit of work, so that an interrupted run resumes where it stopped. A checkpoint is only
 * resumed by a run with the same `params` (the same asOf, the same taxonomy, the same walk
 * order): anything else starts over, since what was done before no longer counts.
 */
export interface WalkCheckpoint {
  /** The position an interrupted run with the same params reached, or the very start. */
  resume(): Promise<WalkPosition>
  save(position: WalkPosition): Promise<void>
  /** The walk finished: the next run starts from the beginning. */
  finish(): Promise<void>
}

const START: WalkPosition = { after: 0, done: 0 }

export function walkCheckpoint(
  ctx: Ctx,
  name: string,
  params: Record<string, unknown>,
): WalkCheckpoint {
  // Compared as text: the stored form is what an earlier process wrote.
  const stamp = JSON.stringify(params)
  return {
    async resume() {
      const previous = await ctx.store.checkpoints.get(name)
      if (previous === null || previous.params !== stamp) return START
      return { after: Number(previous.lastKey), done: previous.done }
    },
    async save({ after, done }) {
      await ctx.store.checkpoints.save(
        name,
        { params: stamp, lastKey: String(after), done },
        ctx.clock.now(),
      )
    },
    async finish() {
      await ctx.store.checkpoints.clear(name)
    },
  }
}
