/**
 * Ingest as a runner of small named steps, after PostHog's ingestion pipeline. A step sees the
 * batch's live items at once (so it does per batch what it can: one hash memo, one
 * transaction) and answers one verdict per item, in order: the item itself, possibly
 * transformed, to go on; a `Drop` with a reason (counted, not an error: a duplicate, an erased
 * person); or a `Reject` with the issues that make it invalid. Each step is timed, and the run
 * reports the timings and the drops by reason beside its results, for metrics to read.
 */

/** What is wrong with an item, by path inside it; zod's issues are of this shape. */
export interface ItemIssue {
  readonly path: readonly PropertyKey[]
  readonly message: string
  readonly code: string
  /** The fields an `unrecognized_keys` issue names. */
  readonly keys?: readonly string[]
}

export class Drop {
  constructor(readonly reason: string) {}
}

export class Reject {
  constructor(readonly issues: readonly ItemIssue[]) {}
}

/** An ok is the value itself, unwrapped: most items of most steps go on, and cost nothing more. */
export type Verdict<T> = T | Drop | Reject

export type StepRun<In, Out, Env> = (
  items: readonly In[],
  env: Env,
) => Verdict<Out>[] | Promise<Verdict<Out>[]>

export interface Step<In, Out, Env> {
  readonly name: string
  readonly run: StepRun<In, Out, Env>
}

export interface StepTiming {
  step: string
  /** The items the step was given. */
  items: number
  ms: number
}

export interface Rejected {
  /** The item's position in the batch the run was given. */
  index: number
  step: string
  issues: readonly ItemIssue[]
}

/**
 * `batch`: all or nothing. The first step that rejects any item ends the run with every issue
 * it found, and no later step (no write) runs. `item`: rejected items leave the batch, the rest
 * go on.
 */
export type RejectPolicy = 'batch' | 'item'

export interface RunResult<T> {
  /** The items that came through every step, in batch order. */
  passed: T[]
  rejected: Rejected[]
  /** Dropped items, by reason. */
  drops: Record<string, number>
  /** One entry per step that ran, in order. */
  timings: StepTiming[]
}

// Steps of one pipeline take and give different item types; the builder keeps them in line.
// biome-ignore lint/suspicious/noExplicitAny: the chain's types are checked by `step` and `followedBy`
type AnyStep<Env> = Step<any, any, Env>

export class Pipeline<Env, In, Out> {
  private constructor(readonly steps: readonly AnyStep<Env>[]) {}

  static start<Env, In>(): Pipeline<Env, In, In> {
    return new Pipeline<Env, In, In>([])
  }

  step<Next>(name: string, run: StepRun<Out, Next, Env>): Pipeline<Env, In, Next> {
    return new Pipeline<Env, In, Next>([...this.steps, { name, run }])
  }

  /** This pipeline's steps followed by `rest`'s. */
  followedBy<Next>(rest: Pipeline<Env, Out, Next>): Pipeline<Env, In, Next> {
    return new Pipeline<Env, In, Next>([...this.steps, ...rest.steps])
  }

  get names(): string[] {
    return this.steps.map((step) => step.name)
  }

  async run(items: readonly In[], env: Env, rejects: RejectPolicy): Promise<RunResult<Out>> {
    const result: RunResult<unknown> = { passed: [], rejected: [], drops: {}, timings: [] }
    let live: readonly unknown[] = items
    // Positions in the input of the live items; null while they are all of it, in order.
    let indices: number[] | null = null
    for (const step of this.steps) {
      if (live.length === 0) break
      const started = performance.now()
      const verdicts = await step.run(live, env)
      result.timings.push({ step: step.name, items: live.length, ms: performance.now() - started })
      if (verdicts.length !== live.length)
        throw new Error(`ingest step ${step.name} answered ${verdicts.length} of ${live.length}`)
      if (verdicts.every((verdict) => !(verdict instanceof Drop || verdict instanceof Reject))) {
        live = verdicts
        continue
      }
      const kept: unknown[] = []
      const keptIndices: number[] = []
      verdicts.forEach((verdict, i) => {
        const index = indices === null ? i : indices[i]!
        if (verdict instanceof Drop) {
          result.drops[verdict.reason] = (result.drops[verdict.reason] ?? 0) + 1
        } else if (verdict instanceof Reject) {
          result.rejected.push({ index, step: step.name, issues: verdict.issues })
        } else {
          kept.push(verdict)
          keptIndices.push(index)
        }
      })
      if (rejects === 'batch' && result.rejected.length > 0) return result as RunResult<Out>
      live = kept
      indices = keptIndices
    }
    result.passed = live as unknown[]
    return result as RunResult<Out>
  }
}

/** A step that judges each item alone: for work that has nothing to share across the batch. */
export function eachItem<In, Out, Env>(
  judge: (item: In, env: Env) => Verdict<Out>,
): StepRun<In, Out, Env> {
  return (items, env) => items.map((item) => judge(item, env))
}
