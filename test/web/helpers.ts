import { refreshDirtyScores } from '../../src/domain/score-refresh.ts'
import { SESSION_COOKIE } from '../../src/web/session.ts'
import { NOW, type TestApp } from '../helpers/app.ts'

const DAY = 86_400_000

/** The `name=value` of the session cookie a sign-in response set, for later requests. */
export function sessionCookieOf(response: Response): string {
  const header = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))
  if (!header) throw new Error(`no session cookie in ${response.status} response`)
  return header.split(';')[0]!
}

export async function signIn(t: TestApp, key: string, next = '/'): Promise<Response> {
  return t.app.request('/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key, next }).toString(),
  })
}

/** A page request with a session cookie (and any other headers). */
export function page(
  t: TestApp,
  path: string,
  cookie: string,
  headers: Record<string, string> = {},
) {
  return t.app.request(path, { headers: { cookie, ...headers } })
}

export interface SeedAccount {
  domain: string
  name: string
  industry?: string
  country?: string
  /** Signals on these topics over the last days; more means a higher score. */
  topics?: string[]
  contacts?: { email: string; name: string; title: string }[]
  intensity?: number
}

/** Accounts with a quiet baseline and a recent burst on their topics, then scored. */
export async function seed(t: TestApp, accounts: SeedAccount[]): Promise<void> {
  const now = Date.parse(NOW)
  for (const account of accounts) {
    const { domain, topics = [], contacts = [], intensity = 1, ...fields } = account
    const put = await t.json(`/v1/accounts/${domain}`, 'PUT', { employees: 500, ...fields })
    if (put.status >= 300) throw new Error(`PUT account ${domain}: ${put.status}`)
    for (const contact of contacts) {
      const { email, ...rest } = contact
      await t.json(`/v1/contacts/${encodeURIComponent(email)}`, 'PUT', rest)
    }
    const signals = topics.flatMap((topic, ti) => [
      // A quiet baseline: one read every other week for twelve weeks …
      ...Array.from({ length: 6 }, (_, i) => ({
        type: 'content',
        account: domain,
        topic,
        occurredAt: new Date(now - (30 + i * 14) * DAY).toISOString(),
      })),
      // … then a burst across the committee in the last two weeks.
      ...Array.from({ length: 8 * intensity }, (_, i) => ({
        type: i % 4 === 0 ? 'form' : 'content',
        account: domain,
        ...(contacts.length ? { contact: contacts[(i + ti) % contacts.length]!.email } : {}),
        topic,
        occurredAt: new Date(now - ((i % 12) + 1) * DAY - i * 60_000).toISOString(),
      })),
    ])
    if (signals.length > 0) {
      const posted = await t.json('/v1/signals', 'POST', { signals })
      if (posted.status !== 200) throw new Error(`POST signals ${domain}: ${await posted.text()}`)
    }
  }
  await refreshDirtyScores(t.ctx, 10_000)
}
