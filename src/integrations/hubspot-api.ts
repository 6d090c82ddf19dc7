import { INTENT_PROPERTIES, type IntentProperty } from '../domain/hubspot-writeback.ts'

/**
 * The few calls of HubSpot's CRM v3 API the write-back makes, over fetch. Not the official
 * @hubspot/api-client: it is 50 MB in 8,800 files, asks for Node 22 (we run on 20), sleeps
 * inside the call on a 429 without reading Retry-After, and follows redirects; here a reply is
 * classified and the worker decides (jobs/hubspot-worker.ts). The token goes to `base` only:
 * every path is fixed, values travel in JSON bodies, and no redirect is followed.
 */

export type Failure =
  | { kind: 'auth'; status: number }
  | { kind: 'rate_limited'; retryAfterMs: number | null }
  | { kind: 'server' | 'client'; status: number; category: string | null; missingIds: string[] }
  | { kind: 'redirect'; status: number }
  | { kind: 'network' }

export type Reply<T> = { ok: true; value: T } | ({ ok: false } & Failure)

/** A request and its reply are bounded: a stuck HubSpot holds a round this long at most. */
const LIMITS = { timeoutMs: 15_000, replyBytes: 4 * 2 ** 20 }
/** The longest Retry-After honoured as it is; longer says something is wrong, not "wait". */
const MAX_RETRY_AFTER_MS = 3_600_000

export const GROUP = { name: 'intent', label: 'Intent', displayOrder: -1 }

/** The company properties' definitions: one per name the domain writes (typed by them). */
const DEFINITIONS: Record<
  IntentProperty,
  { label: string; type: string; fieldType: string; description: string }
> = {
  intent_score: {
    label: 'Intent score',
    type: 'number',
    fieldType: 'number',
    description: 'In-market score, 0-100, from the intent scoring service.',
  },
  intent_label: {
    label: 'Intent label',
    type: 'string',
    fieldType: 'text',
    description: 'hot, warm or cold.',
  },
  intent_stage: {
    label: 'Intent stage',
    type: 'string',
    fieldType: 'text',
    description: 'Buying stage: awareness, consideration, decision, purchase or none.',
  },
  intent_surging_topics: {
    label: 'Intent surging topics',
    type: 'string',
    fieldType: 'textarea',
    description: 'Topics the account researches well above its own baseline, separated by "; ".',
  },
  intent_updated_at: {
    label: 'Intent updated at',
    type: 'datetime',
    fieldType: 'date',
    description: 'When the intent score last changed.',
  },
}

/** Retry-After as seconds or an HTTP date, in ms from now; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null
  const text = header.trim()
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : null
}

/** HubSpot's error body: its category, and the ids a batch could not find (deleted, merged). */
function errorDetails(body: unknown): { category: string | null; missingIds: string[] } {
  const errors = [body, ...(((body as { errors?: unknown[] } | null)?.errors ?? []) as unknown[])]
  const missingIds: string[] = []
  let category: string | null = null
  for (const error of errors) {
    const e = error as { category?: unknown; context?: { ids?: unknown } } | null
    if (typeof e?.category === 'string') category ??= e.category.slice(0, 60)
    if (e?.category === 'OBJECT_NOT_FOUND' && Array.isArray(e.context?.ids))
      for (const id of e.context.ids) if (typeof id === 'string') missingIds.push(id)
  }
  return { category, missingIds }
}

async function readBody(response: Response): Promise<unknown> {
  if (Number(response.headers.get('content-length') ?? 0) > LIMITS.replyBytes) return null
  const reader = response.body?.getReader()
  if (!reader) return null
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > LIMITS.replyBytes) {
      await reader.cancel()
      return null
    }
    chunks.push(value)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    return null
  }
}

export interface HubSpotClientOptions {
  base: string
  token: string
  now?: () => number
}

export function hubspotClient({ base, token, now = Date.now }: HubSpotClientOptions) {
  /** One call; answers the parsed body of a 2xx (207 included), or the failure's class. */
  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<Reply<unknown>> {
    let response: Response
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        redirect: 'manual',
        signal: AbortSignal.timeout(LIMITS.timeoutMs),
      })
    } catch {
      return { ok: false, kind: 'network' }
    }
    const status = response.status
    let parsed: unknown
    try {
      parsed = await readBody(response)
    } catch {
      return { ok: false, kind: 'network' }
    }
    if (status >= 200 && status < 300) return { ok: true, value: parsed }
    if (status >= 300 && status < 400) return { ok: false, kind: 'redirect', status }
    if (status === 401 || status === 403) return { ok: false, kind: 'auth', status }
    if (status === 429)
      return {
        ok: false,
        kind: 'rate_limited',
        retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now()),
      }
    return { ok: false, kind: status >= 500 ? 'server' : 'client', status, ...errorDetails(parsed) }
  }

  return {
    /**
     * The "Intent" group and the intent_* company properties, each created if missing (a 409:
     * another process made it meanwhile). Answers the names it created.
     */
    async ensureProperties(): Promise<Reply<string[]>> {
      const group = await call('GET', `/crm/v3/properties/companies/groups/${GROUP.name}`)
      if (!group.ok && !(group.kind === 'client' && group.status === 404)) return group
      if (!group.ok) {
        const made = await call('POST', '/crm/v3/properties/companies/groups', GROUP)
        if (!made.ok && !(made.kind === 'client' && made.status === 409)) return made
      }
      const read = await call('POST', '/crm/v3/properties/companies/batch/read', {
        archived: false,
        inputs: INTENT_PROPERTIES.map((name) => ({ name })),
      })
      if (!read.ok) return read
      const results = (read.value as { results?: { name?: unknown }[] } | null)?.results ?? []
      const present = new Set(results.map((property) => property.name))
      const missing = INTENT_PROPERTIES.filter((name) => !present.has(name))
      if (missing.length === 0) return { ok: true, value: [] }
      const created = await call('POST', '/crm/v3/properties/companies/batch/create', {
        inputs: missing.map((name) => ({ name, groupName: GROUP.name, ...DEFINITIONS[name] })),
      })
      if (!created.ok && !(created.kind === 'client' && created.status === 409)) return created
      return { ok: true, value: missing }
    },

    /** The id of the company whose `domain` is this one (the oldest, if several), or null. */
    async findCompany(domain: string): Promise<Reply<string | null>> {
      const found = await call('POST', '/crm/v3/objects/companies/search', {
        filterGroups: [{ filters: [{ propertyName: 'domain', operator: 'EQ', value: domain }] }],
        sorts: [{ propertyName: 'createdate', direction: 'ASCENDING' }],
        properties: ['domain'],
        limit: 1,
      })
      if (!found.ok) return found
      const first = (found.value as { results?: { id?: unknown }[] } | null)?.results?.[0]
      return { ok: true, value: typeof first?.id === 'string' ? first.id : null }
    },

    /**
     * Updates at most 100 companies in one call. A 207 names the ids it could not find:
     * answered as `missing`, the rest were updated.
     */
    async updateCompanies(
      inputs: { id: string; properties: Record<string, string> }[],
    ): Promise<Reply<{ missing: string[] }>> {
      const updated = await call('POST', '/crm/v3/objects/companies/batch/update', { inputs })
      if (!updated.ok) return updated
      return { ok: true, value: { missing: errorDetails(updated.value).missingIds } }
    },
  }
}

export type HubSpotClient = ReturnType<typeof hubspotClient>
