import type { Db } from '../db.ts'

/** An account's latest intent state for its HubSpot company, as the property values to send. */
export interface NewWriteBack {
  accountId: number
  /** The HubSpot property values, JSON. */
  properties: string
}

/** A write-back a worker took: the state to send, and what is known of the company. */
export interface ClaimedWriteBack {
  accountId: number
  domain: string
  properties: Record<string, string>
  /** Which state this is: marking it done leaves a newer one queued meanwhile. */
  version: number
  attempts: number
  /** Undefined: never searched; `id` null: searched at `checkedAt` and not found. */
  company: { id: string | null; checkedAt: number } | undefined
}

export interface ClaimRow {
  account_id: number
  domain: string
  properties: string
  version: number
  attempts: number
  company_id: string | null
  checked_at: number | null
}

/** Queues write-backs inside the caller's transaction (the score's): the latest state wins. */
export function hubspotOutboxWriter(db: Db) {
  const queue = db.prepare<{ accountId: number; properties: string; now: number }>(
    `INSERT INTO hubspot_writebacks (account_id, properties, version, queued_at, next_attempt_at)
     VALUES (@accountId, @properties, 1, @now, @now)
     ON CONFLICT (account_id) DO UPDATE SET properties = excluded.properties,
       version = version + 1, queued_at = excluded.queued_at, attempts = 0,
       next_attempt_at = excluded.next_attempt_at, last_error = NULL`,
  )
  return (writeBack: NewWriteBack | null | undefined, now: number) => {
    if (writeBack) queue.run({ ...writeBack, now })
  }
}

export function hubspotRepo(db: Db) {
  const due = db.prepare<{ now: number; limit: number }, ClaimRow>(
    `SELECT w.account_id, a.domain, w.properties, w.version, w.attempts, c.company_id, c.checked_at
     FROM hubspot_writebacks w JOIN accounts a ON a.id = w.account_id
     LEFT JOIN hubspot_companies c ON c.account_id = w.account_id
     WHERE w.next_attempt_at <= @now ORDER BY w.next_attempt_at, w.account_id LIMIT @limit`,
  )
  const lease = db.prepare<{ accountId: number; until: number }>(
    'UPDATE hubspot_writebacks SET next_attempt_at = @until WHERE account_id = @accountId',
  )
  const claim = db.transaction((now: number, until: number, limit: number) => {
    const rows = due.all({ now, limit })
    for (const row of rows) lease.run({ accountId: row.account_id, until })
    return rows
  })
  const done = db.prepare<{ accountId: number; version: number }>(
    'DELETE FROM hubspot_writebacks WHERE account_id = @accountId AND version = @version',
  )
  const doneMany = db.transaction((items: { accountId: number; version: number }[]) => {
    for (const item of items) done.run(item)
  })
  const retry = db.prepare<{
    accountId: number
    version: number
    attempts: number
    next: number
    error: string
  }>(
    `UPDATE hubspot_writebacks SET attempts = @attempts, next_attempt_at = @next, last_error = @error
     WHERE account_id = @accountId AND version = @version`,
  )
  const retryMany = db.transaction(
    (
      items: { accountId: number; version: number; attempts: number }[],
      next: number,
      error: string,
    ) => {
      for (const item of items) retry.run({ ...item, next, error: error.slice(0, 200) })
    },
  )
  const remember = db.prepare<{ accountId: number; companyId: string | null; now: number }>(
    `INSERT INTO hubspot_companies (account_id, company_id, checked_at) VALUES (@accountId, @companyId, @now)
     ON CONFLICT (account_id) DO UPDATE SET company_id = excluded.company_id, checked_at = excluded.checked_at`,
  )
  const forget = db.prepare<[string]>('DELETE FROM hubspot_companies WHERE company_id = ?')
  const pending = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM hubspot_writebacks')

  return {
    /**
     * The due write-backs, earliest first, each leased until `until`: another worker does not
     * take them meanwhile, and one that died leaves them to be taken again then.
     */
    async claim(now: number, until: number, limit: number): Promise<ClaimedWriteBack[]> {
      return claim.immediate(now, until, limit).map((row) => ({
        accountId: row.account_id,
        domain: row.domain,
        properties: JSON.parse(row.properties) as Record<string, string>,
        version: row.version,
        attempts: row.attempts,
        company:
          row.checked_at === null ? undefined : { id: row.company_id, checkedAt: row.checked_at },
      }))
    },
    /** Sent (or nothing to send): gone, unless a newer state was queued meanwhile. */
    async done(items: { accountId: number; version: number }[]): Promise<void> {
      doneMany.immediate(items)
    },
    /** Tried again at `next`; `attempts` is what the row now counts. A newer state is left as it is. */
    async retry(
      items: { accountId: number; version: number; attempts: number }[],
      next: number,
      error: string,
    ): Promise<void> {
      retryMany.immediate(items, next, error)
    },
    /** The company a search found for an account, or null for none. */
    async rememberCompany(accountId: number, companyId: string | null, now: number): Promise<void> {
      remember.run({ accountId, companyId, now })
    },
    /** HubSpot says these companies are gone (deleted, merged): search for their accounts again. */
    async forgetCompanies(companyIds: string[]): Promise<void> {
      for (const id of companyIds) forget.run(id)
    },
    async pendingCount(): Promise<number> {
      return pending.get()!.n
    },
  }
}

export type HubSpotRepo = ReturnType<typeof hubspotRepo>
