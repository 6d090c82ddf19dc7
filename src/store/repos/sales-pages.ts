import type { Db } from '../db.ts'
import { foldText } from '../fold.ts'
import { type LeaderboardFilter, scoreFilterSql } from './score-filters.ts'

/** Reads only the sales pages need; the API's own queries stay where they are. */

export interface PageLeaderboardQuery extends LeaderboardFilter {
  /** Part of the domain or the name, matched case-insensitively (Unicode, not only ASCII). */
  search?: string | undefined
  offset: number
  limit: number
}

export interface PageLeaderboardRow {
  domain: string
  name: string | null
  industry: string | null
  country: string | null
  score: number
  label: string
  stage: string
  fitGrade: string | null
  surgingTopics: string[]
  computedAt: number
}

type LeaderboardRow = Omit<PageLeaderboardRow, 'fitGrade' | 'surgingTopics' | 'computedAt'> & {
  fit_grade: string | null
  surging_topics: string
  computed_at: number
}

export interface TimelineRow {
  type: string
  topic: string | null
  action: string | null
  occurredAt: number
  /** Null when the signal names no contact (an account-level visit, a search). */
  contactEmail: string | null
  contactName: string | null
  contactTitle: string | null
}

/** What a list of accounts shows of each: its name and current score, when it has one. */
export interface AccountCard {
  domain: string
  name: string | null
  score: number | null
  label: string | null
  stage: string | null
}

/** LIKE special characters in a user's search are literal. */
export const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/** The pages' leaderboard statement (numbered pages, a search); exported for plan tests. */
export function pageLeaderboardSql(query: PageLeaderboardQuery): {
  sql: string
  params: unknown[]
} {
  const { sql, params } = whereClauses(query)
  return {
    sql: `SELECT a.domain, a.name, a.industry, a.country, s.score, s.label, s.stage, s.fit_grade,
                  s.surging_topics, s.computed_at
           FROM account_scores s JOIN accounts a ON a.id = s.account_id ${sql}
           ORDER BY s.score DESC, a.domain LIMIT ? OFFSET ?`,
    params: [...params, query.limit, query.offset],
  }
}

function whereClauses(query: PageLeaderboardQuery) {
  return scoreFilterSql(query, (add) => {
    if (!query.search) return
    const pattern = likePattern(foldText(query.search))
    add("(a.domain LIKE ? ESCAPE '\\' OR fold_text(a.name) LIKE ? ESCAPE '\\')", pattern, pattern)
  })
}

export function pagesRepo(db: Db) {
  const recentSignals = db.prepare<[number, number, number], TimelineRow>(
    `SELECT s.type, t.label AS topic, s.action, s.occurred_at AS occurredAt,
            c.email AS contactEmail, c.name AS contactName, c.title AS contactTitle
     FROM signals s LEFT JOIN topics t ON t.id = s.topic_id LEFT JOIN contacts c ON c.id = s.contact_id
     WHERE s.account_id = ? AND s.occurred_at <= ? ORDER BY s.occurred_at DESC, s.id DESC LIMIT ?`,
  )
  const dailySignals = db.prepare<[number, number, number], { day: number; signals: number }>(
    `SELECT day, sum(signals) AS signals FROM topic_daily
     WHERE account_id = ? AND day >= ? AND day <= ? GROUP BY day ORDER BY day`,
  )
  const industries = db.prepare<[], { value: string }>(
    'SELECT DISTINCT industry AS value FROM accounts WHERE industry IS NOT NULL ORDER BY 1 LIMIT 200',
  )
  const countries = db.prepare<[], { value: string }>(
    'SELECT DISTINCT country AS value FROM accounts WHERE country IS NOT NULL ORDER BY 1',
  )
  const topics = db.prepare<[], { value: string }>(
    'SELECT label AS value FROM topics ORDER BY key LIMIT 500',
  )
  const cards = db.prepare<[string], AccountCard>(
    `SELECT a.domain, a.name, s.score, s.label, s.stage
     FROM json_each(?) d JOIN accounts a ON a.domain = d.value
     LEFT JOIN account_scores s ON s.account_id = a.id`,
  )

  return {
    async leaderboard(
      query: PageLeaderboardQuery,
    ): Promise<{ rows: PageLeaderboardRow[]; total: number }> {
      const { sql, params } = whereClauses(query)
      const from = `FROM account_scores s JOIN accounts a ON a.id = s.account_id ${sql}`
      const total = db
        .prepare<unknown[], { n: number }>(`SELECT count(*) AS n ${from}`)
        .get(...params)!
      const page = pageLeaderboardSql(query)
      const rows = db.prepare<unknown[], LeaderboardRow>(page.sql).all(...page.params)
      return {
        total: total.n,
        rows: rows.map((row) => ({
          domain: row.domain,
          name: row.name,
          industry: row.industry,
          country: row.country,
          score: row.score,
          label: row.label,
          stage: row.stage,
          fitGrade: row.fit_grade,
          surgingTopics: JSON.parse(row.surging_topics) as string[],
          computedAt: row.computed_at,
        })),
      }
    },
    /** The account's latest signals that had occurred by `asOf`, newest first. */
    async recentSignals(accountId: number, asOf: number, limit: number): Promise<TimelineRow[]> {
      return recentSignals.all(accountId, asOf, limit)
    },
    /** Signals per UTC day in [fromDay, toDay]; days without any are absent. */
    async dailySignals(accountId: number, fromDay: number, toDay: number) {
      return dailySignals.all(accountId, fromDay, toDay)
    },
    async filterChoices(): Promise<{
      industries: string[]
      countries: string[]
      topics: string[]
    }> {
      return {
        industries: industries.all().map((row) => row.value),
        countries: countries.all().map((row) => row.value),
        topics: topics.all().map((row) => row.value),
      }
    },
    /** Name and current score of each account, by domain; unknown domains are left out. */
    async accountCards(domains: readonly string[]): Promise<AccountCard[]> {
      return domains.length === 0 ? [] : cards.all(JSON.stringify(domains))
    },
  }
}

export type PagesRepo = ReturnType<typeof pagesRepo>
