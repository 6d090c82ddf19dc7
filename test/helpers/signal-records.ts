import type { SignalRecord } from '../../src/records.ts'

let made = 0

/** A signal record as ingest's steps hand it to the store: a fresh dedupe key, the rest given. */
export function signalRecord(fields: Partial<SignalRecord>): SignalRecord {
  made += 1
  return {
    dedupeKey: Buffer.from(`key-${made}`),
    externalId: null,
    type: 'content',
    account: 'acme.pl',
    contact: null,
    topic: null,
    topicSource: null,
    action: null,
    occurredAt: Date.parse('2026-11-20T00:00:00Z'),
    weight: null,
    durationSeconds: null,
    source: null,
    url: null,
    title: null,
    query: null,
    suppression: [],
    ...fields,
  }
}
