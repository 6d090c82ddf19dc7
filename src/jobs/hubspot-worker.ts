import type { Ctx } from '../domain/context.ts'
import { backoffMs } from '../domain/deliveries.ts'
import {
  type ClaimedWriteBack,
  claimWriteBacks,
  forgetCompanies,
  needsSearch,
  recordFailed,
  recordPostponed,
  recordWritten,
  rememberCompany,
} from '../domain/hubspot-writeback.ts'
import { reportBackgroundFailure } from '../domain/storage-health.ts'
import { type Failure, type HubSpotClient, hubspotClient } from '../integrations/hubspot-api.ts'
import { periodic } from './periodic.ts'

/** HubSpot's batch update takes at most 100 companies. */
export const BATCH = 100
const INTERVAL_MS = 5_000
/** A refused token is tried again this often (someone may fix the app's scopes meanwhile). */
const AUTH_RETRY_MS = 5 * 60_000
/** When a 429 names no Retry-After: HubSpot's burst limits are per ten seconds. */
const DEFAULT_RATE_WAIT_MS = 10_000
const MIN_RATE_WAIT_MS = 1_000

/** What the worker keeps between rounds: the pause HubSpot asked for, and what it logged. */
interface WorkerState {
  pausedUntil: number
  propertiesReady: boolean
  authRefused: boolean
  serverFailures: number
}

export type HubSpotRound = () => Promise<number>

/** Why a failure is logged and counted, without the token, a body or an account. */
const reasonOf = (failure: Failure) =>
  'status' in failure ? `${failure.kind} ${failure.status}` : failure.kind

/**
 * One round's failure, for the whole API (not one company): 401/403 logged once while it
 * lasts and everything kept; 429 waits for Retry-After; 5xx and network failures back off.
 * Answers when the worker may call again.
 */
function pauseFor(ctx: Ctx, state: WorkerState, failure: Failure, random: () => number): number {
  const now = ctx.clock.now()
  if (failure.kind === 'auth') {
    if (!state.authRefused)
      ctx.logger.error(
        { status: failure.status },
        'HubSpot refused HUBSPOT_ACCESS_TOKEN: check the token and the private app scopes ' +
          '(crm.objects.companies.read/write, crm.schemas.companies.read/write); write-backs are kept and retried',
      )
    state.authRefused = true
    return now + AUTH_RETRY_MS
  }
  if (failure.kind === 'rate_limited') {
    ctx.logger.debug({ retryAfterMs: failure.retryAfterMs }, 'HubSpot rate limit; waiting')
    // At least a second: a `Retry-After: 0` must not turn the batch loop into a busy one.
    return now + Math.max(MIN_RATE_WAIT_MS, failure.retryAfterMs ?? DEFAULT_RATE_WAIT_MS)
  }
  state.serverFailures++
  ctx.logger.warn({ failure: reasonOf(failure) }, 'HubSpot write-back failed; will retry')
  return now + backoffMs(state.serverFailures, random)
}

/** A failure that is HubSpot's as a whole: nothing of this round is blamed on its items. */
const isWholeApi = (failure: Failure) =>
  failure.kind === 'auth' ||
  failure.kind === 'rate_limited' ||
  failure.kind === 'server' ||
  failure.kind === 'network'

export function createHubSpotRound(
  ctx: Ctx,
  client: HubSpotClient,
  random: () => number = Math.random,
): HubSpotRound {
  const state: WorkerState = {
    pausedUntil: 0,
    propertiesReady: false,
    authRefused: false,
    serverFailures: 0,
  }
  const recovered = () => {
    if (state.authRefused) ctx.logger.info('HubSpot accepts HUBSPOT_ACCESS_TOKEN again')
    state.authRefused = false
    state.serverFailures = 0
  }
  /** Pauses the worker and keeps `items` for then, or, for one batch's own error, counts a try. */
  const failed = async (items: ClaimedWriteBack[], failure: Failure) => {
    if (isWholeApi(failure)) {
      state.pausedUntil = pauseFor(ctx, state, failure, random)
      await recordPostponed(ctx, items, state.pausedUntil, reasonOf(failure))
      return
    }
    ctx.logger.warn(
      { failure: reasonOf(failure), category: 'category' in failure ? failure.category : null },
      'HubSpot refused a write-back; will retry',
    )
    // A property deleted in HubSpot meanwhile is one cause: the next round makes sure of them.
    state.propertiesReady = false
    const givenUp = await recordFailed(ctx, items, reasonOf(failure), random)
    if (givenUp > 0) ctx.metrics.hubspotGivenUp.inc(givenUp)
  }

  /** The company of each item, searched for where unknown; false when a search failed. */
  const resolve = async (items: ClaimedWriteBack[]): Promise<boolean> => {
    for (const [index, item] of items.entries()) {
      if (!needsSearch(ctx, item)) continue
      const found = await client.findCompany(item.domain)
      if (!found.ok) {
        await failed(items.slice(index), found)
        await recordPostponed(ctx, items.slice(0, index), ctx.clock.now(), 'waiting')
        return false
      }
      await rememberCompany(ctx, item, found.value)
    }
    return true
  }

  const send = async (items: ClaimedWriteBack[]) => {
    const withCompany = items.filter((item) => item.company?.id)
    // No company in HubSpot: nothing to update; the miss is remembered for a day.
    await recordWritten(
      ctx,
      items.filter((item) => !item.company?.id),
    )
    if (withCompany.length === 0) return
    const sent = await client.updateCompanies(
      withCompany.map((item) => ({ id: item.company!.id!, properties: item.properties })),
    )
    const missing = sent.ok ? sent.value.missing : sent.kind === 'client' ? sent.missingIds : []
    if (!sent.ok && missing.length === 0) return failed(withCompany, sent)
    const gone = new Set(missing)
    const rest = withCompany.filter((item) => !gone.has(item.company!.id!))
    if (gone.size > 0) {
      // Deleted or merged in HubSpot: their accounts are searched for again next round.
      await forgetCompanies(ctx, [...gone])
      await recordPostponed(
        ctx,
        withCompany.filter((item) => gone.has(item.company!.id!)),
        ctx.clock.now(),
        'company gone',
      )
    }
    if (!sent.ok) {
      // Refused whole for the gone companies alone: the others go again next round.
      await recordPostponed(ctx, rest, ctx.clock.now(), 'batch had a gone company')
      return
    }
    recovered()
    await recordWritten(ctx, rest)
  }

  return async () => {
    if (ctx.clock.now() < state.pausedUntil) return 0
    if (!state.propertiesReady) {
      const ready = await client.ensureProperties()
      if (!ready.ok) {
        if (isWholeApi(ready)) state.pausedUntil = pauseFor(ctx, state, ready, random)
        else {
          ctx.logger.warn(
            { failure: reasonOf(ready) },
            'could not create the HubSpot intent properties',
          )
          state.pausedUntil = ctx.clock.now() + AUTH_RETRY_MS
        }
        return 0
      }
      if (ready.value.length > 0)
        ctx.logger.info({ created: ready.value }, 'created the HubSpot intent properties')
      state.propertiesReady = true
      recovered()
    }
    const items = await claimWriteBacks(ctx, BATCH)
    if (items.length === 0) return 0
    if (await resolve(items)) await send(items)
    return items.length
  }
}

export interface HubSpotWorker {
  start(): void
  halt(): void
  /** Halts and awaits the round in flight; what is left stays in the outbox for the next start. */
  stop(): Promise<void>
}

export interface HubSpotWorkerOptions {
  intervalMs?: number
  random?: () => number
}

/**
 * Writes queued intent states to HubSpot: a round every few seconds, and batch after batch
 * while a full one came back, until HubSpot asks to wait. The outbox is in the database, so a
 * restart loses nothing. Made by the composition root when HUBSPOT_ACCESS_TOKEN is set.
 */
export function createHubSpotWorker(ctx: Ctx, options: HubSpotWorkerOptions = {}): HubSpotWorker {
  const token = ctx.config.HUBSPOT_ACCESS_TOKEN
  if (token === undefined) throw new Error('HubSpot write-back needs HUBSPOT_ACCESS_TOKEN')
  const client = hubspotClient({ base: ctx.config.HUBSPOT_API_BASE, token, now: ctx.clock.now })
  const round = createHubSpotRound(ctx, client, options.random)
  const loop = periodic(async () => {
    try {
      while (!loop.halted && (await round()) === BATCH) {}
    } catch (error) {
      reportBackgroundFailure(ctx, error, 'HubSpot write-back round failed; will retry')
    }
  }, options.intervalMs ?? INTERVAL_MS)
  return { start: loop.start, halt: loop.halt, stop: loop.stop }
}
