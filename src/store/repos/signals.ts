import type { SignalRecord, StoredBatch, StoredFate } from '../../records.ts'
import type { Db } from '../db.ts'
import { groupCommit } from '../group-commit.ts'
import { multiRow } from '../multi-row.ts'
import { type IdentityCache, identityCache, identityStatements } from './identity.ts'
import { type RollupContribution, rollupWriter } from './rollups.ts'
import { dirtyMarker } from './scores.ts'
import { anySuppressions, suppressionCheck } from './suppressions.ts'
import { DEFAULT_TOPIC_LIMIT, type TopicLimit } from './topic-cap.ts'

export function signalsRepo(
  db: Db,
  topicLimit: TopicLimit = DEFAULT_TOPIC_LIMIT,
  identities: IdentityCache = identityCache(db),
) {
  // Many rows per statement (`multiRow`); the dedupe keys it returns are the signals it stored,
  // the rest were duplicates (of a stored signal, or of an earlier one in the same batch).
  const insert = multiRow<{ dedupe_key: Buffer }>(
    db,
    `INSERT INTO signals (dedupe_key, external_id, type, account_id, contact_id, topic_id,
       topic_source, action, occurred_at, weight, duration_seconds, source, url, title, query,
       received_at)`,
    16,
    'ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key',
  )
  const beginResolution = identityStatements(db, topicLimit)
  const domainOf = db.prepare<[number], { domain: string }>(
    'SELECT domain FROM accounts WHERE id = ?',
  )
  const addToRollups = rollupWriter(db)
  const markDirty = dirtyMarker(db)
  const isSuppressed = suppressionCheck(db)
  const suppressing = anySuppressions(db)

  /**
   * Every signal of a batch is stored, or none is. One naming an erased person or account is
   * dropped before anything (its account, its contact) is created. The batch is resolved in
   * passes (who, then which topic, then one multi-row insert) so that each pass is a few
   * statements, not one per signal; the outcome is what signal-by-signal writing would store.
   */
  const writeBatch = ({ records, now }: { records: SignalRecord[]; now: number }) => {
    const known = identities.open()
    const resolve = beginResolution(now, known)
    const checked = suppressing()
    const fates: (StoredFate | null)[] = records.map((record) =>
      checked && isSuppressed(record.suppression) ? 'suppressed' : null,
    )
    const live = records.filter((_, i) => fates[i] === null)
    resolve.prefetch({
      accounts: live.flatMap((record) => (record.account === null ? [] : [record.account])),
      contacts: live.flatMap((record) =>
        record.contact === null
          ? []
          : [
              {
                email: record.contact.email,
                employer: record.contact.accountDomain ?? record.account,
              },
            ],
      ),
    })
    // Who: contacts may be linked to their employer on the way, so the account a signal counts
    // for is read once every link of the batch is made.
    const people = live.map((record) => ({
      explicitAccount: record.account === null ? null : resolve.account(record.account),
      contact:
        record.contact === null
          ? null
          : resolve.contact(record.contact.email, record.contact.accountDomain ?? record.account),
    }))
    const accountIds = people.map(
      ({ explicitAccount, contact }) => explicitAccount ?? contact?.accountId ?? null,
    )
    resolve.gate.prefetch(
      live.flatMap((record, i) =>
        record.topic === null || accountIds[i] === null
          ? []
          : [{ accountId: accountIds[i]!, occurredAt: record.occurredAt }],
      ),
      new Set(live.flatMap((record) => (record.topic === null ? [] : [record.topic.key]))).size,
    )
    const topicIds = live.map((record, i) =>
      record.topic === null
        ? null
        : resolve.signalTopic(
            accountIds[i]!,
            record.topic.key,
            record.topic.label,
            record.occurredAt,
          ),
    )
    const stored = new Set(
      insert(
        live.map((record, i) => [
          record.dedupeKey,
          record.externalId,
          record.type,
          accountIds[i],
          people[i]!.contact?.id ?? null,
          topicIds[i],
          // A sent topic the limit dropped stays 'sent' (retopic leaves it alone); a derived one
          // it dropped is topic-less, and a later `intent retopic` may try again.
          topicIds[i] === null && record.topicSource === 'derived' ? null : record.topicSource,
          record.action,
          record.occurredAt,
          record.weight,
          record.durationSeconds,
          record.source,
          record.url,
          record.title,
          record.query,
          now,
        ]),
      ).map((row) => row.dedupe_key.toString('latin1')),
    )
    const contributions: RollupContribution[] = []
    let next = 0
    records.forEach((_, index) => {
      if (fates[index] !== null) return
      const i = next++
      const record = live[i]!
      // Only the first of several signals with one key in a batch was stored.
      const inserted = stored.delete(record.dedupeKey.toString('latin1'))
      fates[index] = inserted ? 'stored' : 'duplicate'
      const accountId = accountIds[i]!
      // A duplicate changes nothing, rollups included; a signal without an account has none.
      if (!inserted || accountId === null) return
      if (record.topic !== null && topicIds[i] === null) resolve.noteCapped(accountId)
      contributions.push({
        accountId,
        topicId: topicIds[i]!,
        occurredAt: record.occurredAt,
        type: record.type,
        contactId: people[i]!.contact?.id ?? null,
        weight: record.weight,
      })
    })
    addToRollups(contributions)
    markDirty(
      contributions.map((contribution) => contribution.accountId),
      now,
    )
    const topicless = [...resolve.capped()].map(([id, signals]) => ({
      domain: domainOf.get(id)!.domain,
      signals,
    }))
    const batch: StoredBatch = { fates: fates as StoredFate[], topicless }
    return { batch, learned: resolve.resolved(), epoch: known.epoch }
  }
  const write = groupCommit(db, writeBatch)

  return {
    async ingest(records: SignalRecord[], now: number): Promise<StoredBatch> {
      const { batch, learned, epoch } = await write({ records, now })
      identities.learn(epoch, learned)
      return batch
    },
  }
}

export type SignalsRepo = ReturnType<typeof signalsRepo>
