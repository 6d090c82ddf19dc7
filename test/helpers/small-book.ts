import { DAY_MS } from '../../src/vocabulary.ts'
import type { TestApp } from './app.ts'
import { seededRandom } from './random.ts'

export interface SmallBook {
  accounts: { domain: string; attributes: Record<string, unknown>; industry: string }[]
  signals: Record<string, unknown>[]
  outcomes: Record<string, unknown>[]
  /** Whether each account was generated as a buyer (the hidden truth). */
  buyers: Set<string>
}

/**
 * A book as a RevOps team backfills it: `days` of signals only, then won or lost deals for
 * `decided` accounts a week or two after their activity. Buyers come more often from
 * referrals, visit the pricing page and fill forms; the rest browse the blog.
 */
export function smallBook(options: {
  asOf: number
  accounts: number
  decided: number
  days: number
  seed?: number
}): SmallBook {
  const random = seededRandom(options.seed ?? 7)
  const start = options.asOf - options.days * DAY_MS
  const book: SmallBook = { accounts: [], signals: [], outcomes: [], buyers: new Set() }
  for (let i = 0; i < options.accounts; i++) {
    const domain = `lead-${String(i).padStart(4, '0')}.com`
    const buyer = random() < 0.4
    if (buyer) book.buyers.add(domain)
    const referral = random() < (buyer ? 0.6 : 0.2)
    book.accounts.push({
      domain,
      industry: random() < 0.5 ? 'Software' : 'Retail',
      attributes: { 'Lead Source': referral ? 'Referral' : 'Paid search', Region: `R${i % 4}` },
    })
    // Activity in the first two thirds of the window; decisions come after it.
    const first = start + random() * options.days * 0.3 * DAY_MS
    const visits = 1 + Math.floor(random() * (buyer ? 8 : 4))
    for (let v = 0; v < visits; v++) {
      const at = first + random() * options.days * 0.35 * DAY_MS
      const page = buyer && random() < 0.6 ? 'pricing' : 'blog'
      book.signals.push({
        id: `${domain}-v${v}`,
        type: 'web_visit',
        account: domain,
        action: 'page_view',
        source: random() < 0.5 ? 'google' : 'newsletter',
        url: `https://vendor.example.com/${page}/${v}`,
        durationSeconds: Math.round(30 + random() * (buyer ? 400 : 120)),
        occurredAt: new Date(at).toISOString(),
      })
    }
    if (random() < (buyer ? 0.7 : 0.2))
      book.signals.push({
        id: `${domain}-form`,
        type: 'form',
        account: domain,
        action: 'demo request',
        occurredAt: new Date(first + 0.4 * options.days * DAY_MS).toISOString(),
      })
    if (i < options.decided) {
      const won = buyer ? random() < 0.8 : random() < 0.15
      const at = first + (0.65 + random() * 0.3) * options.days * DAY_MS
      book.outcomes.push({
        id: `${domain}-deal`,
        account: domain,
        type: won ? 'won' : 'lost',
        occurredAt: new Date(Math.min(at, options.asOf - DAY_MS)).toISOString(),
      })
    }
  }
  return book
}

/** Loads the book through the API, as a user would. */
export async function loadSmallBook(t: TestApp, book: SmallBook): Promise<void> {
  for (const account of book.accounts) {
    const response = await t.json(`/v1/accounts/${account.domain}`, 'PUT', {
      industry: account.industry,
      attributes: account.attributes,
    })
    if (response.status >= 300)
      throw new Error(`PUT account: ${response.status} ${await response.text()}`)
  }
  for (let i = 0; i < book.signals.length; i += 5000) {
    const response = await t.json('/v1/signals', 'POST', {
      signals: book.signals.slice(i, i + 5000),
    })
    if (response.status >= 300)
      throw new Error(`POST signals: ${response.status} ${await response.text()}`)
  }
  const response = await t.json('/v1/outcomes', 'POST', { outcomes: book.outcomes })
  if (response.status >= 300)
    throw new Error(`POST outcomes: ${response.status} ${await response.text()}`)
}
