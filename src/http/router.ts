import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import type { Principal } from '../domain/keys.ts'
import { type IssueLocation, validationFailed } from '../errors.ts'
import { safeShape } from '../ingest/json-shape.ts'
import { issuesFromZod } from './errors.ts'
import { withServiceProblems } from './openapi.ts'

export type AppEnv = {
  Variables: {
    requestId: string
    principal: Principal
    /** The media types the matched route's body may have, for a 415 that names them. */
    mediaTypes: readonly string[]
  }
}

const LOCATIONS: Record<string, IssueLocation> = {
  json: 'body',
  form: 'body',
  param: 'path',
  query: 'query',
  header: 'header',
}

/**
 * Every JSON body is checked for a safe shape (depth, valid Unicode) before its schema runs:
 * done here, once, so no route can forget it. See ingest/json-shape.ts.
 */
function withSafeJsonBody<R extends RouteConfig>(route: R): R {
  const json = route.request?.body?.content?.['application/json']
  if (!json || !('schema' in json) || !json.schema) return route
  const body = route.request!.body!
  return {
    ...route,
    request: {
      ...route.request,
      body: {
        ...body,
        content: {
          ...body.content,
          'application/json': { ...json, schema: safeShape(json.schema as never) },
        },
      },
    },
  }
}

/**
 * The route's declared body media types, kept where the error handler finds them: the
 * validator refuses any other Content-Type with a bare 415 (http/errors.ts says what would do).
 */
function withMediaTypes<R extends RouteConfig>(route: R): R {
  const mediaTypes = Object.keys(route.request?.body?.content ?? {})
  if (mediaTypes.length === 0) return route
  const declare: MiddlewareHandler<AppEnv> = async (c, next) => {
    c.set('mediaTypes', mediaTypes)
    await next()
  }
  const middleware = route.middleware === undefined ? [] : [route.middleware].flat()
  return { ...route, middleware: [declare, ...middleware] }
}

/**
 * Every router is created here so they all share one validation hook: a failed request
 * becomes one problem listing every issue, located in body, path, query or header.
 */
export function createRouter() {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw validationFailed(issuesFromZod(result.error, LOCATIONS[result.target] ?? 'body'))
      }
    },
  })
  const openapi = app.openapi.bind(app)
  app.openapi = ((route, handler, hook) =>
    openapi(
      withServiceProblems(withMediaTypes(withSafeJsonBody(route))),
      handler,
      hook,
    )) as typeof app.openapi
  return app
}

export type Router = ReturnType<typeof createRouter>
