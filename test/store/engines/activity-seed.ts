import { expect } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { DAY_MS } from '../../../src/vocabulary.ts'
import { signalRecord } from '../../helpers/signal-records.ts'

/** The seed of the read repositories' engine tests (activity, committee, peers, topics). */
export const HOUR = 3_600_000
export const DAY = Math.floor(Date.parse('2026-11-20T00:00:00Z') / DAY_MS)
export const at = (day: number, hours = 0) => day * DAY_MS + hours * HOUR
export const crm = { key: 'crm', label: 'CRM' }
export const security = { key: 'security', label: 'Security' }
export const person = (email: string, accountDomain: string | null = null) => ({
  email,
  accountDomain,
})

/**
 * Stored through ingest, as in service: acme.pl over three days (the last one, DAY, partly
 * before asOf = DAY + 4h), beta.pl a day before. The rollups hold what ingest adds to them.
 */
export async function seedActivity(store: Store) {
  await store.contacts.upsert('alice@acme.pl', 'acme.pl', { title: 'CTO' }, 1)
  await store.contacts.upsert('bob@acme.pl', 'acme.pl', { title: 'Buyer', seniority: 'manager' }, 1)
  const records = [
    signalRecord({
      account: 'acme.pl',
      contact: person('alice@acme.pl'),
      topic: crm,
      topicSource: 'sent',
      occurredAt: at(DAY - 2, 1),
      weight: 2,
      durationSeconds: 30,
      source: 'google',
      url: 'https://acme.pl/a',
    }),
    signalRecord({
      account: 'acme.pl',
      contact: person('bob@acme.pl'),
      topic: crm,
      topicSource: 'sent',
      occurredAt: at(DAY - 2, 2),
      source: 'bing',
    }),
    signalRecord({
      account: 'acme.pl',
      contact: person('alice@acme.pl'),
      topic: crm,
      topicSource: 'sent',
      occurredAt: at(DAY - 2, 3),
      weight: 0.5,
    }),
    signalRecord({
      account: 'acme.pl',
      type: 'search',
      topic: security,
      topicSource: 'sent',
      occurredAt: at(DAY - 1, 1),
      weight: 1,
    }),
    signalRecord({
      account: 'acme.pl',
      type: 'search',
      topic: security,
      topicSource: 'sent',
      occurredAt: at(DAY - 1, 1),
    }),
    signalRecord({
      account: 'acme.pl',
      type: 'web_visit',
      contact: person('alice@acme.pl'),
      occurredAt: at(DAY - 1, 2),
      url: 'https://acme.pl/b',
      durationSeconds: 12,
    }),
    signalRecord({
      account: 'acme.pl',
      contact: person('carol@acme.pl'),
      topic: crm,
      topicSource: 'sent',
      occurredAt: at(DAY, 1),
      weight: 1.5,
      action: 'download',
    }),
    signalRecord({
      account: 'acme.pl',
      type: 'email',
      occurredAt: at(DAY, 3),
      source: 'newsletter',
    }),
    signalRecord({
      account: 'acme.pl',
      contact: person('dave@acme.pl'),
      topic: crm,
      topicSource: 'sent',
      occurredAt: at(DAY, 5),
    }),
    signalRecord({
      account: 'beta.pl',
      contact: person('eve@beta.pl'),
      topic: crm,
      topicSource: 'sent',
      occurredAt: at(DAY - 1, 6),
      weight: 3,
    }),
  ]
  const batch = await store.signals.ingest(records, at(DAY, 6))
  expect(batch.fates.every((fate) => fate === 'stored')).toBe(true)
  const acme = (await store.activity.accountIdOf('acme.pl'))!
  const beta = (await store.activity.accountIdOf('beta.pl'))!
  const crmId = (await store.topics.byKey('crm'))!.id
  const securityId = (await store.topics.byKey('security'))!.id
  return { acme, beta, crmId, securityId, asOf: at(DAY, 4) }
}
