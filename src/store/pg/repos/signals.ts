import type { SignalRecord, StoredBatch, StoredFate } from '../../../records.ts'
import type { SignalsRepo } from '../../repos/signals.ts'
import type { RollupContribution } from '../../repos/rollups.ts'
import type { TopicLimit } from '../../repos/topic-cap.ts'
import type { PgDb } from '../client.ts'
import { type PgIdentityCache, pgIdentityStatements, sharedErasureLock } from './identity.ts'
import { anySuppressed, markDirty, suppressedAmong } from './in-transaction.ts'
import { addToRollups } from './rollups.ts'

/**
 * SQLite's signals repository on PostgreSQL. A batch is one transaction (no group commit: the
 * server handles concurrent ones); idempotency across replicas is the unique dedupe key, so two
 * replicas storing the same batch at once store each signal once (the second waits for the
 * first's commit, then sees duplicates).
 */
export function pgSignalsRepo(
  db: PgDb,
  topicLimit: TopicLimit,
  identities: PgIdentityCache,
): SignalsRepo {
  const beginResolution = pgIdentityStatements(topicLimit)

  const writeBatch = async (records: SignalRecord[], now: number) =>
    db.tx(async (q) => {
      await sharedErasureLock(q)
      const known = await identities.open(q)
      const resolve = beginResolution(q, now, known)
      const suppressed =
        records.length > 0 && (await anySuppressed(q))
          ? await suppressedAmong(
              q,
              records.flatMap((record) => record.suppression),
            )
          : new Set<string>()
      const fates: (StoredFate | null)[] = records.map((record) =>
        record.suppression.some((hash) => suppressed.has(hash.toString('hex')))
          ? 'suppressed'
          : null,
      )
      const live = records.filter((_, i) => fates[i] === null)
      await resolve.prefetch({
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
      const people: {
        explicitAccount: number | null
        contact: { id: number; accountId: number | null } | null
      }[] = []
      for (const record of live) {
        people.push({
          explicitAccount: record.account === null ? null : await resolve.account(record.account),
          contact:
            record.contact === null
              ? null
              : await resolve.contact(
                  record.contact.email,
                  record.contact.accountDomain ?? record.account,
                ),
        })
      }
      // A person without an account keeps the signal on the person: lock those contacts (sorted)
      // and read their account again, so a link another replica committed meanwhile is used, and
      // one it is making waits for this batch and then adopts its signals.
      const unlinked = [
        ...new Set(
          people.flatMap(({ explicitAccount, contact }) =>
            explicitAccount === null && contact !== null && contact.accountId === null
              ? [contact.id]
              : [],
          ),
        ),
      ].sort((a, b) => a - b)
      if (unlinked.length > 0) {
        const rows = await q.query<{ id: number; account_id: number | null }>(
          'SELECT id, account_id FROM contacts WHERE id = ANY($1::bigint[]) ORDER BY id FOR SHARE',
          [unlinked],
        )
        const current = new Map(rows.map((row) => [row.id, row.account_id]))
        for (const { contact } of people)
          if (contact !== null && contact.accountId === null)
            contact.accountId = current.get(contact.id) ?? null
      }
      const accountIds = people.map(
        ({ explicitAccount, contact }) => explicitAccount ?? contact?.accountId ?? null,
      )
      const topicKeys = new Set(
        live.flatMap((record) => (record.topic === null ? [] : [record.topic.key])),
      )
      await resolve.gate.prefetch(
        live.flatMap((record, i) =>
          record.topic === null || accountIds[i] === null
            ? []
            : [{ accountId: accountIds[i]!, occurredAt: record.occurredAt }],
        ),
        topicKeys.size,
      )
      await resolve.prefetchTopics(topicKeys)
      const topicIds: (number | null)[] = []
      for (const [i, record] of live.entries())
        topicIds.push(
          record.topic === null
            ? null
            : await resolve.signalTopic(
                accountIds[i]!,
                record.topic.key,
                record.topic.label,
                record.occurredAt,
              ),
        )
      const realTopic = await resolve.flushTopics()
      for (const [i, id] of topicIds.entries()) topicIds[i] = realTopic(id)
      const column = <T>(pick: (record: SignalRecord, i: number) => T) => live.map(pick)
      const inserted =
        live.length === 0
          ? []
          : await q.query<{ dedupe_key: Buffer }>(
              `INSERT INTO signals (dedupe_key, external_id, type, account_id, contact_id, topic_id,
                 topic_source, action, occurred_at, weight, duration_seconds, source, url, title, query,
                 received_at)
               SELECT k, e, ty, a, c, t, ts, ac, o, w, d, s, u, ti, qu, $16
               FROM unnest($1::bytea[], $2::text[], $3::text[], $4::bigint[], $5::bigint[],
                 $6::bigint[], $7::text[], $8::text[], $9::bigint[], $10::float8[], $11::bigint[],
                 $12::text[], $13::text[], $14::text[], $15::text[])
                 WITH ORDINALITY AS x(k, e, ty, a, c, t, ts, ac, o, w, d, s, u, ti, qu, n)
               ORDER BY n
               ON CONFLICT (dedupe_key) DO NOTHING RETURNING dedupe_key`,
              [
                column((r) => r.dedupeKey),
                column((r) => r.externalId),
                column((r) => r.type),
                accountIds,
                column((_, i) => people[i]!.contact?.id ?? null),
                topicIds,
                // As SQLite's: a derived topic the limit dropped leaves the signal topic-less.
                column((r, i) =>
                  topicIds[i] === null && r.topicSource === 'derived' ? null : r.topicSource,
                ),
                column((r) => r.action),
                column((r) => r.occurredAt),
                column((r) => r.weight),
                column((r) => r.durationSeconds),
                column((r) => r.source),
                column((r) => r.url),
                column((r) => r.title),
                column((r) => r.query),
                now,
              ],
            )
      const stored = new Set(inserted.map((row) => row.dedupe_key.toString('latin1')))
      const contributions: RollupContribution[] = []
      let next = 0
      records.forEach((_, index) => {
        if (fates[index] !== null) return
        const i = next++
        const record = live[i]!
        const wasInserted = stored.delete(record.dedupeKey.toString('latin1'))
        fates[index] = wasInserted ? 'stored' : 'duplicate'
        const accountId = accountIds[i]!
        if (!wasInserted || accountId === null) return
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
      await addToRollups(q, contributions)
      await markDirty(
        q,
        contributions.map((contribution) => contribution.accountId),
        now,
      )
      const cappedIds = [...resolve.capped().keys()]
      const domains = new Map<number, string>()
      if (cappedIds.length > 0) {
        const rows = await q.query<{ id: number; domain: string }>(
          'SELECT id, domain FROM accounts WHERE id = ANY($1::bigint[])',
          [cappedIds],
        )
        for (const row of rows) domains.set(row.id, row.domain)
      }
      const topicless = [...resolve.capped()].map(([id, signals]) => ({
        domain: domains.get(id)!,
        signals,
      }))
      const batch: StoredBatch = { fates: fates as StoredFate[], topicless }
      return { batch, learned: resolve.resolved(), epoch: known.epoch }
    })

  return {
    async ingest(records: SignalRecord[], now: number): Promise<StoredBatch> {
      const { batch, learned, epoch } = await writeBatch(records, now)
      identities.learn(epoch, learned)
      return batch
    },
  }
}
