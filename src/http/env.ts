import { OpenAPIHono } from '@hono/zod-openapi'
import type { Principal } from '../domain/keys.ts'
import { type IssueLocation, validationFailed } from '../errors.ts'
import { issuesFromZod } from './errors.ts'

export type AppEnv = {
  Variables: {
    requestId: string
    principal: Principal
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
 * Every router is created here so they all share one validation hook: a failed request
 * becomes one problem listing every issue, located in body, path, query or header.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw validationFailed(issuesFromZod(result.error, LOCATIONS[result.target] ?? 'body'))
      }
    },
  })
}

export type Router = ReturnType<typeof createRouter>
