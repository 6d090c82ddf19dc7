import { type Context, Hono, type MiddlewareHandler } from 'hono'
import type { Ctx } from '../domain/context.ts'
import { authenticate, scopeAllows } from '../domain/keys.ts'
import { findModel } from '../domain/models.ts'
import { filterChoices, searchLeaderboard, topicPage } from '../domain/sales-pages.ts'
import { AppError } from '../errors.ts'
import { clientAddress } from '../http/client-address.ts'
import { domainField, topicField } from '../ingest/fields.ts'
import { loadAccountPage } from './account-data.ts'
import { APP_CSS } from './assets/app-css.ts'
import { APP_JS } from './assets/app-js.ts'
import { FAVICON_SVG } from './assets/favicon.ts'
import type { WebEnv } from './request-variables.ts'
import { withLocale } from './locale.ts'
import { PAGE_SIZE, parseFilters } from './leaderboard-query.ts'
import { segmentRoutes } from './segment-routes.tsx'
import { readForm } from './form.ts'
import { safeNext } from './next-path.ts'
import { AccountPage } from './pages/account.tsx'
import { LeaderboardPage } from './pages/leaderboard.tsx'
import { ModelPage } from './pages/model.tsx'
import { SignInPage } from './pages/signin.tsx'
import { TopicPage } from './pages/topic.tsx'
import { pageRateLimit } from './rate-limit.ts'
import { render, renderMessage } from './render.tsx'
import { pageHeaders, sameOrigin } from './security.ts'
import { sessions } from './session.ts'
import { sessionSecret } from './session-secret.ts'
import { signInThrottle } from './throttle.ts'

const isNotFound = (error: unknown) => error instanceof AppError && error.code === 'not_found'

/**
 * The sales pages: server-rendered HTML for people, beside the JSON API for programs. Only the
 * routes below are claimed, each with its own middleware, so nothing here touches /v1 or /docs.
 */
export function webRoutes(ctx: Ctx) {
  const app = new Hono<WebEnv>()
  const session = sessions(ctx, sessionSecret(ctx.config, ctx.logger))
  const throttle = signInThrottle({ limit: 10, windowMs: 10 * 60_000, now: ctx.clock.now })
  const postsFromHere = sameOrigin(ctx.config.PUBLIC_URL)
  const clientOf = clientAddress(ctx.config.TRUST_PROXY)
  const rateLimited = pageRateLimit(ctx)

  const signedIn: MiddlewareHandler<WebEnv> = async (c, next) => {
    const principal = await session.read(c)
    if (!principal || !scopeAllows(principal.scope, 'read')) {
      await session.end(c)
      const url = new URL(c.req.url)
      return c.redirect(`/signin?${new URLSearchParams({ next: url.pathname + url.search })}`, 303)
    }
    c.set('principal', principal)
    const limited = await rateLimited(c, principal.keyId)
    if (limited) return limited
    await next()
  }
  const page = [pageHeaders, withLocale, signedIn] as const
  const notFound = (c: Context<WebEnv>, message: string) =>
    renderMessage(c, {
      tr: c.var.tr,
      principal: c.var.principal,
      title: c.var.tr.t('error.notFound.title'),
      message,
      status: 404,
    })

  app.get('/assets/app.css', (c) =>
    c.body(APP_CSS, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  )
  app.get('/assets/app.js', (c) =>
    c.body(APP_JS, 200, {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  )

  // /favicon.ico too: browsers ask for it on pages without the link (/docs, the JSON API), and
  // accept an SVG there by its content type.
  for (const path of ['/favicon.svg', '/favicon.ico']) {
    app.get(path, (c) =>
      c.body(FAVICON_SVG, 200, {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'public, max-age=86400',
      }),
    )
  }

  app.get('/signin', pageHeaders, withLocale, async (c) => {
    const next = safeNext(c.req.query('next'))
    if (await session.read(c)) return c.redirect(next, 303)
    const notice = c.req.query('signedout') === '1' ? 'signin.signedOut' : undefined
    return render(
      c,
      <SignInPage tr={c.var.tr} url={new URL(c.req.url)} next={next} notice={notice} />,
    )
  })

  app.post('/signin', pageHeaders, withLocale, postsFromHere, async (c) => {
    const form = await readForm(c)
    if (form === null) {
      const page = (
        <SignInPage tr={c.var.tr} url={new URL(c.req.url)} next="/" error="signin.badForm" />
      )
      return render(c, page, 400)
    }
    const next = safeNext(form.next)
    const client = clientOf(c)
    const again = (error: 'signin.failed' | 'signin.throttled', status: 401 | 429) =>
      render(
        c,
        <SignInPage tr={c.var.tr} url={new URL(c.req.url)} next={next} error={error} />,
        status,
      )
    if (throttle.blocked(client)) return again('signin.throttled', 429)
    const key = typeof form.key === 'string' ? form.key.trim() : ''
    const principal = key === '' || key.length > 200 ? null : await authenticate(ctx, key)
    if (!principal || !scopeAllows(principal.scope, 'read')) {
      throttle.fail(client)
      return again('signin.failed', 401)
    }
    throttle.succeed(client)
    const limited = await rateLimited(c, principal.keyId)
    if (limited) return limited
    await session.start(c, principal)
    return c.redirect(next, 303)
  })

  app.post('/signout', pageHeaders, postsFromHere, async (c) => {
    await session.end(c)
    return c.redirect('/signin?signedout=1', 303)
  })

  app.get('/', ...page, async (c) => {
    const url = new URL(c.req.url)
    const { raw, filters, errors } = parseFilters(url.searchParams)
    const choices = await filterChoices(ctx)
    const props = { tr: c.var.tr, url, principal: c.var.principal, raw, errors, choices }
    if (Object.keys(errors).length > 0) return render(c, <LeaderboardPage {...props} />, 400)
    const { page: pageNumber, ...query } = filters
    const found = await searchLeaderboard(ctx, {
      ...query,
      offset: (pageNumber - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    })
    return render(c, <LeaderboardPage {...props} result={{ ...found, page: pageNumber }} />)
  })

  app.route('/', segmentRoutes(ctx, { page, postsFromHere, notFound }))

  app.get('/accounts/:domain', ...page, async (c) => {
    const param = c.req.param('domain')
    const message = c.var.tr.t('error.notFound.account', { domain: param })
    const domain = domainField.safeParse(param)
    if (!domain.success) return notFound(c, message)
    try {
      const data = await loadAccountPage(ctx, domain.data)
      return render(
        c,
        <AccountPage
          tr={c.var.tr}
          url={new URL(c.req.url)}
          principal={c.var.principal}
          data={data}
        />,
      )
    } catch (error) {
      if (isNotFound(error)) return notFound(c, message)
      throw error
    }
  })

  app.get('/models/:id', ...page, async (c) => {
    const id = c.req.param('id')
    try {
      const summary = await findModel(ctx, id)
      return render(
        c,
        <ModelPage
          tr={c.var.tr}
          url={new URL(c.req.url)}
          principal={c.var.principal}
          summary={summary}
        />,
      )
    } catch (error) {
      if (isNotFound(error)) return notFound(c, c.var.tr.t('model.notFound', { id }))
      throw error
    }
  })

  app.get('/topics/:topic', ...page, async (c) => {
    const param = c.req.param('topic')
    const message = c.var.tr.t('error.notFound.topic', { topic: param })
    const topic = topicField.safeParse(param)
    if (!topic.success) return notFound(c, message)
    try {
      const found = await topicPage(ctx, topic.data, ctx.clock.now(), 100)
      return render(
        c,
        <TopicPage
          tr={c.var.tr}
          url={new URL(c.req.url)}
          principal={c.var.principal}
          topic={found.topic}
          category={found.category}
          accounts={found.accounts}
        />,
      )
    } catch (error) {
      if (isNotFound(error)) return notFound(c, message)
      throw error
    }
  })

  return app
}
