import { DAY_MS } from '../../src/vocabulary.ts'
import { accountIntent } from '../../src/domain/intent.ts'
import { ingestSignals } from '../../src/domain/signals.ts'
import type { SignalInput } from '../../src/ingest/schemas.ts'
import { buildTestApp } from './app.ts'

/** Midnight UTC of 2026-11-01: scoring instants in these tests sit on day boundaries. */
export const AS_OF = Date.UTC(2026, 10, 1)

export interface SimpleSignal {
  /** Days before AS_OF (0 < daysAgo); fractional values land inside a day. */
  daysAgo: number
  type?: SignalInput['type']
  contact?: number
  topic?: string
  weight?: number
}

let counter = 0

export function toInput(signal: SimpleSignal, account = 'acme.com'): SignalInput {
  counter += 1
  return {
    id: `t-${counter}`,
    type: signal.type ?? 'content',
    account,
    contact:
      signal.contact === undefined
        ? undefined
        : { email: `person${signal.contact}@${account}`, accountDomain: account },
    topic: signal.topic ?? 'Data Warehouse',
    occurredAt: Math.round(AS_OF - signal.daysAgo * DAY_MS),
    weight: signal.weight,
  } as SignalInput
}

/** Ingests the signals in the given batches (order preserved) and scores the account's topics. */
export async function scoreTopics(batches: SignalInput[][], asOf = AS_OF, account = 'acme.com') {
  const t = await buildTestApp()
  t.clock.set(asOf + 365 * DAY_MS)
  await t.ctx.store.accounts.upsert(account, {}, asOf)
  for (const batch of batches) if (batch.length > 0) await ingestSignals(t.ctx, batch)
  const intent = await accountIntent(t.ctx, account, asOf)
  await t.ctx.store.close()
  return intent
}

export function steadyDaily(
  perDay: number,
  days: number,
  topic = 'Data Warehouse',
): SimpleSignal[] {
  const signals: SimpleSignal[] = []
  for (let day = 1; day <= days; day++) {
    for (let i = 0; i < perDay; i++) signals.push({ daysAgo: day - 0.5, contact: i % 5, topic })
  }
  return signals
}
