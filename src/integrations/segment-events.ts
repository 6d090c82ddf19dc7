import type { SignalType } from '../vocabulary.ts'

/**
 * Segment `track` event names and the signal they become. Matching ignores case, spaces,
 * hyphens and underscores. An event not listed here is kept as a `web_visit` (the lowest
 * weight) with the event name as its action: visible, never mistaken for high intent.
 * `properties.signalType` on an event overrides this table.
 */
export const SEGMENT_EVENTS: Record<string, { type: SignalType; action: string }> = {
  'email delivered': { type: 'email', action: 'delivered' },
  'email opened': { type: 'email', action: 'open' },
  'email link clicked': { type: 'email', action: 'click' },
  'email bounced': { type: 'email', action: 'bounce' },
  'email marked as spam': { type: 'email', action: 'spam' },
  unsubscribed: { type: 'email', action: 'unsubscribe' },
  'demo requested': { type: 'form', action: 'demo_request' },
  'trial started': { type: 'form', action: 'trial_start' },
  'form submitted': { type: 'form', action: 'form_submit' },
  'contact sales requested': { type: 'form', action: 'contact_sales' },
  'webinar attended': { type: 'content', action: 'webinar_attended' },
  'webinar registered': { type: 'content', action: 'webinar_registered' },
  'whitepaper downloaded': { type: 'content', action: 'download_whitepaper' },
  'ebook downloaded': { type: 'content', action: 'download_ebook' },
  'case study viewed': { type: 'content', action: 'case_study' },
  'trade show booth visited': { type: 'trade_show', action: 'booth_visit' },
  'booth visited': { type: 'trade_show', action: 'booth_visit' },
  'meeting booked': { type: 'meeting', action: 'meeting_booked' },
  'meeting held': { type: 'meeting', action: 'meeting_held' },
  'review read': { type: 'review', action: 'review_read' },
  'pricing viewed': { type: 'web_visit', action: 'pricing_page' },
  'product searched': { type: 'search', action: 'search' },
}

export function eventKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim()
}

export function signalForEvent(name: string): { type: SignalType; action: string; known: boolean } {
  const known = SEGMENT_EVENTS[eventKey(name)]
  return known
    ? { ...known, known: true }
    : { type: 'web_visit', action: name.slice(0, 100), known: false }
}

/** Query-string parameters that carry what was searched for (`?q=hurtownia+danych`). */
const SEARCH_PARAMETERS = ['q', 'query', 'search', 'keywords', 'keyword', 'term', 's', 'text']

/**
 * Search terms from a Segment property: `properties.query` of "Products Searched", the page's
 * `search` (its query string: the terms are read from `q`, `query`, `search`…), or `keywords`
 * (a list). Undefined when it holds none.
 */
export function searchTerms(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const terms = value.filter((item): item is string => typeof item === 'string').join(', ')
    return terms.trim() === '' ? undefined : terms
  }
  if (typeof value !== 'string' || value.trim() === '') return undefined
  if (!value.startsWith('?')) return value
  const parameters = new URLSearchParams(value)
  for (const name of SEARCH_PARAMETERS) {
    const terms = parameters.get(name)?.trim()
    if (terms) return terms
  }
  return undefined
}
