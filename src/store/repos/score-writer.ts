import type { Db } from '../db.ts'
import { hubspotOutboxWriter } from './hubspot.ts'
import { outboxWriter } from './outbox.ts'
import type { ScoreSave, StoredScore } from './scores.ts'
import { type MembershipEvents, membershipUpdater } from './segment-members.ts'

/** A score's fields but for its account: what accounts sharing one stored score have in common. */
type SharedScore = Omit<StoredScore, 'accountId'>

/**
 * Stores current scores with today's history points, their topics (`topic_surges`), the
 * notifications and HubSpot write-backs they cause and the segments they move the accounts into
 * or out of (with the events `segmentEvents` makes of each move), in one transaction, clearing
 * each dirty mark unless data arrived after `startedAt`.
 *
 * Scores equal but for the account (a batch's quiet accounts share one computed document) are
 * stored by one statement per table for all of them, the accounts passed as a JSON array: most
 * of a book's accounts are quiet, and a statement per account and table was most of the
 * batch's storing. The rows written are the same either way.
 */
export function scoreWriter(db: Db) {
  const one = oneAccount(db)
  const many = manyAccounts(db)
  const enqueue = outboxWriter(db)
  const writeBack = hubspotOutboxWriter(db)
  const membership = membershipUpdater(db)
  return db.transaction(
    (
      items: ScoreSave[],
      day: number,
      startedAt: number,
      segmentEvents: MembershipEvents | null,
    ) => {
      for (const { notify, hubspot } of items) {
        enqueue(notify, startedAt)
        writeBack(hubspot, startedAt)
      }
      for (const { score, accountIds } of sharedScores(items)) {
        const [accountId] = accountIds
        if (accountIds.length === 1) one({ ...score, accountId: accountId! }, day, startedAt)
        else many(score, accountIds, day, startedAt)
      }
      membership.afterScores(
        items.map((item) => item.score),
        startedAt,
        segmentEvents,
      )
    },
  )
}

/** The items grouped by equal scores, in the order each group first appears. */
function sharedScores(items: ScoreSave[]): { score: SharedScore; accountIds: number[] }[] {
  // The body first: a shared document is one string, whose hash V8 computes once.
  const byBody = new Map<string, Map<string, { score: SharedScore; accountIds: number[] }>>()
  const groups: { score: SharedScore; accountIds: number[] }[] = []
  for (const { score } of items) {
    const { accountId, ...shared } = score
    const fields = JSON.stringify([
      shared.computedAt,
      shared.modelId,
      shared.score,
      shared.probability,
      shared.label,
      shared.stage,
      shared.fitGrade,
      shared.surgingTopics,
      shared.surgingCategories ?? [],
      shared.committeeCoverage ?? null,
    ])
    let sameBody = byBody.get(shared.body)
    if (!sameBody) {
      sameBody = new Map()
      byBody.set(shared.body, sameBody)
    }
    let group = sameBody.get(fields)
    if (!group) {
      group = { score: shared, accountIds: [] }
      sameBody.set(fields, group)
      groups.push(group)
    }
    group.accountIds.push(accountId)
  }
  return groups
}

const SCORE_UPDATE = `ON CONFLICT (account_id) DO UPDATE SET computed_at = excluded.computed_at,
       model_id = excluded.model_id, score = excluded.score, probability = excluded.probability,
       label = excluded.label, stage = excluded.stage, fit_grade = excluded.fit_grade,
       surging_topics = excluded.surging_topics, surging_categories = excluded.surging_categories,
       committee_coverage = excluded.committee_coverage,
       body = excluded.body`
const POINT_UPDATE = `ON CONFLICT (account_id, day) DO UPDATE SET score = excluded.score,
       probability = excluded.probability, model_id = excluded.model_id`
/**
 * A stored score's topics, from its own body (see migration 0020): parsed by SQLite, so a
 * batch of scores costs no JSON work in JavaScript. The path is the one the domain's stored
 * view puts them at (domain/score-view.ts).
 */
const TOPICS_OF_BODY = `SELECT json_extract(t.value, '$.topicId'), a.id, json_extract(t.value, '$.surge'), t.value`
const KNOWN_TOPIC = `json_extract(t.value, '$.topicId') IN (SELECT id FROM topics)`

/** The statements for one account's score. */
function oneAccount(db: Db) {
  const upsert = db.prepare(
    `INSERT INTO account_scores (account_id, computed_at, model_id, score, probability, label, stage, fit_grade, surging_topics, surging_categories, committee_coverage, body)
     VALUES (@accountId, @computedAt, @modelId, @score, @probability, @label, @stage, @fitGrade, @surgingTopics, @surgingCategories, @committeeCoverage, @body)
     ${SCORE_UPDATE}`,
  )
  const forgetTopics = db.prepare('DELETE FROM topic_surges WHERE account_id = @accountId')
  const keepTopics = db.prepare(
    `INSERT OR IGNORE INTO topic_surges (topic_id, account_id, surge, body)
     ${TOPICS_OF_BODY} FROM (SELECT @accountId AS id) a, json_each(@body, '$.intent.topics') t
     WHERE ${KNOWN_TOPIC}`,
  )
  const point = db.prepare(
    `INSERT INTO score_history (account_id, day, score, probability, model_id)
     VALUES (@accountId, @day, @score, @probability, @modelId) ${POINT_UPDATE}`,
  )
  // Only clear a mark that is not newer than the data the score was computed from.
  const clean = db.prepare(
    'DELETE FROM dirty_accounts WHERE account_id = @accountId AND since <= @startedAt',
  )
  return (score: StoredScore, day: number, startedAt: number) => {
    const { accountId, body } = score
    upsert.run({
      ...score,
      surgingTopics: JSON.stringify(score.surgingTopics),
      surgingCategories: JSON.stringify(score.surgingCategories ?? []),
      committeeCoverage: score.committeeCoverage ?? null,
    })
    forgetTopics.run({ accountId })
    keepTopics.run({ accountId, body })
    point.run({
      accountId,
      day,
      score: score.score,
      probability: score.probability,
      modelId: score.modelId,
    })
    clean.run({ accountId, startedAt })
  }
}

/** The same statements for many accounts sharing one score, `@ids` a JSON array of their ids. */
function manyAccounts(db: Db) {
  const ids = 'SELECT value AS id FROM json_each(@ids)'
  const upsert = db.prepare(
    `INSERT INTO account_scores (account_id, computed_at, model_id, score, probability, label, stage, fit_grade, surging_topics, surging_categories, committee_coverage, body)
     SELECT a.id, @computedAt, @modelId, @score, @probability, @label, @stage, @fitGrade, @surgingTopics, @surgingCategories, @committeeCoverage, @body
     FROM (${ids}) a WHERE true
     ${SCORE_UPDATE}`,
  )
  const forgetTopics = db.prepare(`DELETE FROM topic_surges WHERE account_id IN (${ids})`)
  const keepTopics = db.prepare(
    `INSERT OR IGNORE INTO topic_surges (topic_id, account_id, surge, body)
     ${TOPICS_OF_BODY} FROM (${ids}) a, json_each(@body, '$.intent.topics') t
     WHERE ${KNOWN_TOPIC}`,
  )
  const point = db.prepare(
    `INSERT INTO score_history (account_id, day, score, probability, model_id)
     SELECT a.id, @day, @score, @probability, @modelId FROM (${ids}) a WHERE true ${POINT_UPDATE}`,
  )
  const clean = db.prepare(
    `DELETE FROM dirty_accounts WHERE account_id IN (${ids}) AND since <= @startedAt`,
  )
  return (score: SharedScore, accountIds: number[], day: number, startedAt: number) => {
    const list = JSON.stringify(accountIds)
    const { body, modelId } = score
    upsert.run({
      ...score,
      ids: list,
      surgingTopics: JSON.stringify(score.surgingTopics),
      surgingCategories: JSON.stringify(score.surgingCategories ?? []),
      committeeCoverage: score.committeeCoverage ?? null,
    })
    forgetTopics.run({ ids: list })
    keepTopics.run({ ids: list, body })
    point.run({ ids: list, day, score: score.score, probability: score.probability, modelId })
    clean.run({ ids: list, startedAt })
  }
}
