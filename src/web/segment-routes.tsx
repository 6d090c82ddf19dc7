import { type Context, Hono, type MiddlewareHandler } from 'hono'
import type { Ctx } from '../domain/context.ts'
import { scopeAllows } from '../domain/keys.ts'
import { segmentFilterSchema } from '../domain/leaderboard-filter.ts'
import { createSegment, getSegment, listSegments, segmentMembers } from '../domain/segments.ts'
import { AppError } from '../errors.ts'
import { readForm } from './form.ts'
import { parseFilters, SEGMENT_FIELDS, segmentFilterOf } from './leaderboard-query.ts'
import { SegmentPage, SegmentsPage } from './pages/segments.tsx'
import { render, renderMessage } from './render.tsx'
import type { WebEnv } from './request-variables.ts'
import type { MessageKey } from './i18n/index.ts'

/** A segment page lists this many members; the export and the API page through all of them. */
const MEMBERS_SHOWN = 100

type Middleware = MiddlewareHandler<WebEnv>

interface Shared {
  /** The pages' middleware: headers, locale, a signed-in session. */
  page: readonly [Middleware, Middleware, Middleware]
  /** The pages' CSRF rule for every POST (security.ts). */
  postsFromHere: MiddlewareHandler<WebEnv>
  notFound: (c: Context<WebEnv>, message: string) => Response | Promise<Response>
}

const refused = (c: Context<WebEnv>, key: MessageKey, status: 400 | 403 | 409) =>
  renderMessage(c, {
    tr: c.var.tr,
    principal: c.var.principal,
    title: c.var.tr.t('error.badRequest'),
    message: c.var.tr.t(key),
    status,
  })

/** `/segments` (the list), `/segments/{id}` (its members) and the leaderboard's "save as segment". */
export function segmentRoutes(ctx: Ctx, shared: Shared) {
  const app = new Hono<WebEnv>()
  const [headers, locale, signedIn] = shared.page

  app.get('/segments', headers, locale, signedIn, async (c) =>
    render(
      c,
      <SegmentsPage
        tr={c.var.tr}
        url={new URL(c.req.url)}
        principal={c.var.principal}
        segments={await listSegments(ctx)}
      />,
    ),
  )

  app.get('/segments/:id', headers, locale, signedIn, async (c) => {
    const id = c.req.param('id')
    try {
      const segment = await getSegment(ctx, id)
      const found = await segmentMembers(ctx, id, null, MEMBERS_SHOWN)
      return render(
        c,
        <SegmentPage
          tr={c.var.tr}
          url={new URL(c.req.url)}
          principal={c.var.principal}
          segment={segment}
          members={found.items}
          more={found.next !== null}
        />,
      )
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found')
        return shared.notFound(c, c.var.tr.t('segments.notFound', { id }))
      throw error
    }
  })

  app.post('/segments', headers, locale, shared.postsFromHere, signedIn, async (c) => {
    if (!scopeAllows(c.var.principal.scope, 'write')) return refused(c, 'segments.readOnly', 403)
    const form = await readForm(c)
    if (form === null) return refused(c, 'signin.badForm', 400)
    const text = (field: string): string => {
      const value = form[field]
      return typeof value === 'string' ? value : ''
    }
    const name = text('name').trim()
    if (name === '' || name.length > 100) return refused(c, 'segments.badName', 400)
    const query = new URLSearchParams(
      SEGMENT_FIELDS.map((field): [string, string] => [field, text(field)]),
    )
    const { filters, errors } = parseFilters(query)
    const firstError = Object.values(errors)[0]
    if (firstError !== undefined) return refused(c, firstError, 400)
    // The page's schema already validated every field; the segment's schema is the API's.
    const filter = segmentFilterSchema.parse(segmentFilterOf(filters))
    try {
      const segment = await createSegment(ctx, { name, filter })
      return c.redirect(`/segments/${encodeURIComponent(segment.id)}`, 303)
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict')
        return refused(c, 'segments.tooMany', 409)
      throw error
    }
  })

  return app
}
