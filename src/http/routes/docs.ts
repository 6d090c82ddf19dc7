import { swaggerUI } from '@hono/swagger-ui'
import { html } from 'hono/html'
import { ERROR_CODES } from '../../errors.ts'
import type { Router } from '../env.ts'

const PROBLEM_HELP: Record<(typeof ERROR_CODES)[number], string> = {
  bad_request: 'The body is not valid JSON, or the request is missing something it needs.',
  validation_failed:
    'Some fields are invalid; `issues` lists every one with its location and path. Nothing was written.',
  unauthorized: 'No API key was sent, or it is unknown, revoked or expired.',
  forbidden:
    'The API key is valid but its scope (read < write < admin) is too small for this route.',
  not_found: 'The route, account, contact or key does not exist.',
  conflict: 'The request conflicts with the current state.',
  suppressed:
    'The person or account was erased on request and is suppressed: nothing about them is stored again until an admin lifts it (DELETE /v1/suppressions/{email-or-domain}).',
  payload_too_large: 'The body is larger than MAX_BODY_BYTES; split the batch.',
  unsupported_media_type: 'Send application/json (or application/x-ndjson where a route says so).',
  rate_limited: 'Too many requests for this key; wait for Retry-After seconds.',
  unavailable: 'The database is busy or unreachable; retry after Retry-After seconds.',
  internal: 'An unexpected error; it was logged with the request id.',
}

/** The OpenAPI document (generated from the same zod schemas that validate), its browser, and the problem types. */
export function mountDocs(app: Router): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer ik_…`',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'writeKey', {
    type: 'http',
    scheme: 'basic',
    description: 'Segment style: a write-scope key as the user name, empty password.',
  })
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Intent scoring API',
      version: '0.1.0',
      description:
        'B2B intent scoring: accounts, contacts, signals and outcomes in; surge, scores and buying committees out.',
    },
  })
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: 'Intent scoring API' }))
  app.get('/docs/problems', (c) =>
    c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Problem types</title></head>
<body><h1>Problem types</h1><p>Every error is <code>application/problem+json</code> (RFC 9457) with one of these codes.</p>
<dl>${ERROR_CODES.map((code) => html`<dt id="${code}"><code>${code}</code></dt><dd>${PROBLEM_HELP[code]}</dd>`)}</dl>
</body></html>`),
  )
}
