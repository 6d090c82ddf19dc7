import type { ScoreSave, StoredScore } from '../../repos/scores.ts'
import type { MembershipEvents } from '../../repos/segment-members.ts'
import type { PgDb, Queryable } from '../client.ts'
import { queueHubSpotWriteBacks } from './hubspot.ts'
import { queueDeliveries } from './outbox.ts'
import { pgMembershipUpdater } from './segment-members.ts'

const SCORE_UPDATE = `ON CONFLICT (account_id) DO UPDATE SET computed_at = excluded.computed_at,
       model_id = excluded.model_id, score = excluded.score, probability = excluded.probability,
       label = excluded.label, stage = excluded.stage, fit_grade = excluded.fit_grade,
       surging_topics = excluded.surging_topics, surging_categories = excluded.surging_categories,
       committee_coverage = excluded.committee_coverage,
       body = excluded.body`
const POINT_UPDATE = `ON CONFLICT (account_id, day) DO UPDATE SET score = excluded.score,
       probability = excluded.probability, model_id = excluded.model_id`

/**
 * SQLite's scoreWriter: stores current scores with today's history points, their topics
 * (`topic_surges`), the notifications and HubSpot write-backs they cause and the segments they
 * move the accounts into or out of, in one transaction, clearing each dirty mark unless data
 * arrived after `startedAt`. A batch costs six statements of its own whatever its size (arrays
 * through unnest); a document shared by many quiet accounts is sent once (`bodies[i]`).
 *
 * An account named twice in one batch is stored as its last item says (SQLite writes them in
 * turn, the last one staying). A mark kept (data arrived after `startedAt`) loses its claim
 * (scores.ts's `dirty`), so the next refresh of any replica takes it at once.
 */
export function pgScoreWriter(db: PgDb) {
  const segments = pgMembershipUpdater()
  return (
    items: ScoreSave[],
    day: number,
    startedAt: number,
    segmentEvents: MembershipEvents | null,
  ) =>
    db.tx(async (q) => {
      await queueDeliveries(
        q,
        items.flatMap((item) => item.notify),
        startedAt,
      )
      await queueHubSpotWriteBacks(
        q,
        items.map((item) => item.hubspot),
        startedAt,
      )
      const ids = items.length > 0 ? await store(q, items, day) : []
      await segments.afterScores(
        q,
        items.map((item) => item.score),
        startedAt,
        segmentEvents,
      )
      // Last: the accounts' rows (locked by the membership update) before their marks, the
      // order an upsert takes them in (accounts, then dirty_accounts), so the two never deadlock.
      if (ids.length > 0) await clearMarks(q, ids, startedAt)
    })
}

/** Stores the scores, their topics and history points; the ids written, in order. */
async function store(q: Queryable, items: ScoreSave[], day: number): Promise<number[]> {
  const last = new Map<number, StoredScore>()
  for (const { score } of items) last.set(score.accountId, score)
  // In id order: two replicas' batches lock the rows they share in one order.
  const scores = [...last.values()].sort((a, b) => a.accountId - b.accountId)
  const bodies: string[] = []
  const bodyIndex = new Map<string, number>()
  const bi = scores.map((score) => {
    let index = bodyIndex.get(score.body)
    if (index === undefined) {
      index = bodies.push(score.body) // 1-based, as PostgreSQL arrays
      bodyIndex.set(score.body, index)
    }
    return index
  })
  const ids = scores.map((s) => s.accountId)
  await q.run(
    `INSERT INTO account_scores (account_id, computed_at, model_id, score, probability, label, stage,
       fit_grade, surging_topics, surging_categories, committee_coverage, body)
     SELECT u.id, u.computed_at, u.model_id, u.score, u.probability, u.label, u.stage, u.fit_grade,
       u.surging_topics, u.surging_categories, u.committee_coverage, ($12::text[])[u.bi]
     FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::double precision[],
       $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::double precision[],
       $13::int[])
       AS u(id, computed_at, model_id, score, probability, label, stage, fit_grade,
            surging_topics, surging_categories, committee_coverage, bi)
     ${SCORE_UPDATE}`,
    [
      ids,
      scores.map((s) => s.computedAt),
      scores.map((s) => s.modelId),
      scores.map((s) => s.score),
      scores.map((s) => s.probability),
      scores.map((s) => s.label),
      scores.map((s) => s.stage),
      scores.map((s) => s.fitGrade),
      scores.map((s) => JSON.stringify(s.surgingTopics)),
      scores.map((s) => JSON.stringify(s.surgingCategories ?? [])),
      scores.map((s) => s.committeeCoverage ?? null),
      bodies,
      bi,
    ],
  )
  await q.run('DELETE FROM topic_surges WHERE account_id = ANY($1::bigint[])', [ids])
  // A score's topics from its own body, as SQLite's TOPICS_OF_BODY: `json` (not jsonb) keeps
  // each topic's text as written; a topic id that names no topic is skipped, and so is what
  // SQLite's INSERT OR IGNORE skips (a missing surge; of a repeated topic, all but the first).
  await q.run(
    `INSERT INTO topic_surges (topic_id, account_id, surge, body)
     SELECT DISTINCT ON (u.id, t.topic_id)
       t.topic_id, u.id, (t.value ->> 'surge')::double precision, t.value::text
     FROM unnest($1::bigint[], $2::int[]) AS u(id, bi)
     CROSS JOIN LATERAL (
       SELECT e.value, e.n, CASE WHEN e.value ->> 'topicId' ~ '^[0-9]{1,18}$'
         THEN (e.value ->> 'topicId')::bigint END AS topic_id
       FROM json_array_elements(CASE WHEN json_typeof((($3::text[])[u.bi])::json -> 'intent' -> 'topics') = 'array'
         THEN (($3::text[])[u.bi])::json -> 'intent' -> 'topics' ELSE '[]'::json END)
         WITH ORDINALITY AS e(value, n)
     ) t
     WHERE t.topic_id IN (SELECT id FROM topics) AND t.value ->> 'surge' IS NOT NULL
     ORDER BY u.id, t.topic_id, t.n
     ON CONFLICT DO NOTHING`,
    [ids, bi, bodies],
  )
  await q.run(
    `INSERT INTO score_history (account_id, day, score, probability, model_id)
     SELECT u.id, $2, u.score, u.probability, u.model_id
     FROM unnest($1::bigint[], $3::bigint[], $4::double precision[], $5::text[])
       AS u(id, score, probability, model_id)
     ${POINT_UPDATE}`,
    [
      ids,
      day,
      scores.map((s) => s.score),
      scores.map((s) => s.probability),
      scores.map((s) => s.modelId),
    ],
  )
  return ids
}

async function clearMarks(q: Queryable, ids: number[], startedAt: number) {
  // Only clear a mark that is not newer than the data the score was computed from.
  await q.run('DELETE FROM dirty_accounts WHERE account_id = ANY($1::bigint[]) AND since <= $2', [
    ids,
    startedAt,
  ])
  await q.run(
    'UPDATE dirty_accounts SET claimed_until = NULL WHERE account_id = ANY($1::bigint[]) AND claimed_until IS NOT NULL',
    [ids],
  )
}
