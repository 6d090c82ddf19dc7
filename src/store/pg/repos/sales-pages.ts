import { foldText } from '../../fold.ts'
import {
  type AccountCard,
  likePattern,
  type PageLeaderboardQuery,
  type PageLeaderboardRow,
  type PagesRepo,
  type TimelineRow,
} from '../../repos/sales-pages.ts'
import type { PgDb } from '../client.ts'
import { pgScoreFilterSql } from './score-filters.ts'

type LeaderboardRow = Omit<PageLeaderboardRow, 'fitGrade' | 'surgingTopics' | 'computedAt'> & {
  fit_grade: string | null
  surging_topics: string
  computed_at: number
}

/**
 * The filters and the search, as SQLite's whereClauses. SQLite's LIKE ignores ASCII case: the
 * domain is matched with ILIKE (domains are ASCII), the name folded as the search is.
 */
function whereClauses(query: PageLeaderboardQuery) {
  return pgScoreFilterSql(query, 1, (add) => {
    if (!query.search) return
    const pattern = likePattern(foldText(query.search))
    add(
      "(a.domain ILIKE ?::text ESCAPE '\\' OR lower(a.name) LIKE ?::text ESCAPE '\\')",
      pattern,
      pattern,
    )
  })
}

/** The pages' leaderboard statement (numbered pages, a search), as SQLite's pageLeaderboardSql. */
export function pgPageLeaderboardSql(query: PageLeaderboardQuery): {
  sql: string
  params: unknown[]
} {
  const { sql, params, nextParam } = whereClauses(query)
  return {
    sql: `SELECT a.domain, a.name, a.industry, a.country, s.score, s.label, s.stage, s.fit_grade,
                  s.surging_topics, s.computed_at
           FROM account_scores s JOIN accounts a ON a.id = s.account_id ${sql}
           ORDER BY s.score DESC, a.domain LIMIT $${nextParam} OFFSET $${nextParam + 1}`,
    params: [...params, query.limit, query.offset],
  }
}

export function pgPagesRepo(db: PgDb): PagesRepo {
  return {
    async leaderboard(
      query: PageLeaderboardQuery,
    ): Promise<{ rows: PageLeaderboardRow[]; total: number }> {
      const { sql, params } = whereClauses(query)
      const page = pgPageLeaderboardSql(query)
      const [total, rows] = await Promise.all([
        db.one<{ n: number }>(
          `SELECT count(*) AS n FROM account_scores s JOIN accounts a ON a.id = s.account_id ${sql}`,
          params,
        ),
        db.query<LeaderboardRow>(page.sql, page.params),
      ])
      return {
        total: total!.n,
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

    async recentSignals(accountId: number, asOf: number, limit: number): Promise<TimelineRow[]> {
      return db.query<TimelineRow & Record<string, unknown>>(
        `SELECT s.type, t.label AS topic, s.action, s.occurred_at AS "occurredAt",
                c.email AS "contactEmail", c.name AS "contactName", c.title AS "contactTitle"
         FROM signals s LEFT JOIN topics t ON t.id = s.topic_id LEFT JOIN contacts c ON c.id = s.contact_id
         WHERE s.account_id = $1 AND s.occurred_at <= $2 ORDER BY s.occurred_at DESC, s.id DESC LIMIT $3`,
        [accountId, asOf, limit],
      )
    },

    async dailySignals(accountId: number, fromDay: number, toDay: number) {
      return db.query<{ day: number; signals: number }>(
        `SELECT day, sum(signals) AS signals FROM topic_daily
         WHERE account_id = $1 AND day >= $2 AND day <= $3 GROUP BY day ORDER BY day`,
        [accountId, fromDay, toDay],
      )
    },

    async filterChoices(): Promise<{
      industries: string[]
      countries: string[]
      topics: string[]
    }> {
      const [industries, countries, topics] = await Promise.all([
        db.query<{ value: string }>(
          'SELECT DISTINCT industry AS value FROM accounts WHERE industry IS NOT NULL ORDER BY 1 LIMIT 200',
        ),
        db.query<{ value: string }>(
          'SELECT DISTINCT country AS value FROM accounts WHERE country IS NOT NULL ORDER BY 1',
        ),
        db.query<{ value: string }>('SELECT label AS value FROM topics ORDER BY key LIMIT 500'),
      ])
      return {
        industries: industries.map((row) => row.value),
        countries: countries.map((row) => row.value),
        topics: topics.map((row) => row.value),
      }
    },

    /** In the order given (repeats repeated), as SQLite's walk of the JSON list. */
    async accountCards(domains: readonly string[]): Promise<AccountCard[]> {
      if (domains.length === 0) return []
      return db.query<AccountCard & Record<string, unknown>>(
        `SELECT a.domain, a.name, s.score, s.label, s.stage
         FROM unnest($1::text[]) WITH ORDINALITY AS d(domain, n)
         JOIN accounts a ON a.domain = d.domain
         LEFT JOIN account_scores s ON s.account_id = a.id
         ORDER BY d.n`,
        [[...domains]],
      )
    },
  }
}
