import type { SignalRecord } from '../../records.ts'
import { dedupeKey } from '../dedupe.ts'
import { topicKey, topicLabel } from '../identity.ts'
import type { SignalInput } from '../schemas.ts'

/** A signal on its way through the steps: each fills in its part of the record. */
export interface SignalDraft {
  input: SignalInput
  record: SignalRecord
}

const PENDING = Buffer.alloc(0)

/**
 * Who the signal is about (its account, its contact and the contact's employer domain, as
 * validation normalized them) and its details as stored; absent fields are stored as null.
 */
export function signalIdentity(input: SignalInput): SignalDraft {
  const record: SignalRecord = {
    dedupeKey: PENDING,
    externalId: input.id ?? null,
    type: input.type,
    account: input.account ?? null,
    contact: input.contact ?? null,
    topic: null,
    topicSource: null,
    action: input.action ?? null,
    occurredAt: input.occurredAt,
    weight: input.weight ?? null,
    durationSeconds: input.durationSeconds ?? null,
    source: input.source ?? null,
    url: input.url ?? null,
    title: input.title ?? null,
    query: input.query ?? null,
    suppression: [],
  }
  return { input, record }
}

/**
 * The topic the signal is stored under: the one sent, else the one the taxonomy named during
 * validation (which had to ask, since a research signal with neither is refused).
 */
export function signalTopic(draft: SignalDraft): SignalDraft {
  const { topic, derivedTopic } = draft.input
  const label = topic ?? derivedTopic
  if (label === undefined) return draft
  draft.record.topic = { key: topicKey(label), label: topicLabel(label) }
  draft.record.topicSource = topic !== undefined ? 'sent' : 'derived'
  return draft
}

/**
 * Without a client id, the key is a hash of the normalized content: an exact replay is a
 * duplicate. The hash covers the topic as sent, never one derived from the taxonomy, so that a
 * replay after the taxonomy changed is still a duplicate. The order of `content` is part of
 * every stored key: never change it.
 */
export function signalDedupeKey(draft: SignalDraft): SignalDraft {
  const { record } = draft
  const content = [
    record.type,
    record.account,
    record.contact?.email ?? null,
    record.topicSource === 'sent' ? record.topic!.key : null,
    record.action,
    record.occurredAt,
    record.weight,
    record.durationSeconds,
    record.source,
    record.url,
    // Only when given, so that signals without them keep the keys they always had.
    ...(record.title !== null || record.query !== null ? [record.title, record.query] : []),
  ]
  record.dedupeKey = dedupeKey(record.externalId, content, record.occurredAt)
  return draft
}

/** The record a valid signal is stored as, before suppression: for benchmarks that insert directly. */
export function toSignalRecord(input: SignalInput): SignalRecord {
  return signalDedupeKey(signalTopic(signalIdentity(input))).record
}
