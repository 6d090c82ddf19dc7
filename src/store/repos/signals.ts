import type { SignalRecord, StoredBatch, StoredFate } from '../../records.ts'
import type { Db } from '../db.ts'
import { groupCommit } from '../group-commit.ts'
import { identityStatements } from './identity.ts'
import { type RollupContribution, rollupWriter } from './rollups.ts'
import { dirtyMarker } from './scores.ts'
import { suppressionCheck } from './suppressions.ts'
import { DEFAULT_TOPIC_LIMIT, type TopicLimit } from './topic-cap.ts'

export function signalsRepo(db: Db, topicLimit: TopicLimit = DEFAULT_TOPIC_LIMIT) {
  // The record's own fields bind by name, straight from the record (no copy per signal); what
  // the write resolved binds by position: account, contact, topic, topic source, now.
  const insert = db.prepare(
    `INSERT INTO signals (dedupe_key, external_id, type, account_id, contact_id, topic_id,
       topic_source, action, occurred_at, weight, duration_seconds, source, url, title, query,
       received_at)
     VALUES (@dedupeKey, @externalId, @type, ?, ?, ?, ?, @action, @occurredAt, @weight,
       @durationSeconds, @source, @url, @title, @query, ?)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  )
  const beginResolution = identityStatements(db, topicLimit)
  const domainOf = db.prepare<[number], { domain: string }>(
    'SELECT domain FROM accounts WHERE id = ?',
  )
  const addToRollups = rollupWriter(db)
  const markDirty = dirtyMarker(db)
  const isSuppressed = suppressionCheck(db)

  /**
   * Every signal of a batch is stored, or none is. One naming an erased person or account is
   * dropped before anything (its account, its contact) is created.
   */
  const writeBatch = ({ records, now }: { records: SignalRecord[]; now: number }): StoredBatch => {
    const resolve = beginResolution(now)
    const stored: RollupContribution[] = []
    const fates: StoredFate[] = []
    for (const record of records) {
      if (isSuppressed(record.suppression)) {
        fates.push('suppressed')
        continue
      }
      const explicitAccount = record.account === null ? null : resolve.account(record.account)
      const contact =
        record.contact === null
          ? null
          : resolve.contact(record.contact.email, record.contact.accountDomain ?? record.account)
      const accountId = explicitAccount ?? contact?.accountId ?? null
      const topicId =
        record.topic === null
          ? null
          : resolve.signalTopic(accountId, record.topic.key, record.topic.label, record.occurredAt)
      const inserted = insert.run(
        record,
        accountId,
        contact?.id ?? null,
        topicId,
        // A sent topic the limit dropped stays 'sent' (retopic leaves it alone); a derived one
        // it dropped is topic-less, and a later `intent retopic` may try again.
        topicId === null && record.topicSource === 'derived' ? null : record.topicSource,
        now,
      ).changes
      fates.push(inserted === 1 ? 'stored' : 'duplicate')
      // A duplicate changes nothing, rollups included; a signal without an account has none.
      if (inserted === 1 && accountId !== null) {
        if (record.topic !== null && topicId === null) resolve.noteCapped(accountId)
        stored.push({
          accountId,
          topicId,
          occurredAt: record.occurredAt,
          type: record.type,
          contactId: contact?.id ?? null,
          weight: record.weight,
        })
      }
    }
    addToRollups(stored)
    markDirty(new Set(stored.map((contribution) => contribution.accountId)), now)
    const topicless = [...resolve.capped()].map(([id, signals]) => ({
      domain: domainOf.get(id)!.domain,
      signals,
    }))
    return { fates, topicless }
  }
  const write = groupCommit(db, writeBatch)

  return {
    async ingest(records: SignalRecord[], now: number): Promise<StoredBatch> {
      return write({ records, now })
    },
  }
}

export type SignalsRepo = ReturnType<typeof signalsRepo>
