import { createHash } from 'node:crypto'
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

/**
 * Swagger UI from the CDN, pinned to one version with Subresource Integrity: the browser runs
 * these exact bytes or nothing. To upgrade, change the version and both hashes together
 * (`openssl dgst -sha384 -binary <file> | base64` on the files of `npm pack swagger-ui-dist@…`).
 */
const SWAGGER_UI_VERSION = '5.35.0'
const SWAGGER_UI_BASE = `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${SWAGGER_UI_VERSION}`
const SWAGGER_UI_JS = {
  url: `${SWAGGER_UI_BASE}/swagger-ui-bundle.js`,
  integrity: 'sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9',
}
const SWAGGER_UI_CSS = {
  url: `${SWAGGER_UI_BASE}/swagger-ui.css`,
  integrity: 'sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I',
}
/** validatorUrl 'none': no badge image that would send our spec's URL to validator.swagger.io. */
const START_SCRIPT =
  "window.onload = () => { window.ui = SwaggerUIBundle({ dom_id: '#swagger-ui', url: '/openapi.json', validatorUrl: 'none' }) }"

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/**
 * Only what /docs needs: the two pinned CDN files, its one inline start-up script by hash,
 * fetches of /openapi.json and "Try it out" calls to this origin, and the data: images of
 * Swagger UI's stylesheet. No 'unsafe-inline' at all: Swagger UI sets its styles through the
 * DOM, which CSP allows (checked in Chromium: operations, Try it out, models, Authorize).
 */
const DOCS_CSP = [
  "default-src 'none'",
  `script-src ${SWAGGER_UI_JS.url} ${sha256(START_SCRIPT)}`,
  `style-src ${SWAGGER_UI_CSS.url}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')
/** The problems page is plain HTML: nothing to load at all. */
const PROBLEMS_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

const swaggerHtml = () =>
  `<div id="swagger-ui"></div>
      <link rel="stylesheet" href="${SWAGGER_UI_CSS.url}" integrity="${SWAGGER_UI_CSS.integrity}" crossorigin="anonymous" />
      <script src="${SWAGGER_UI_JS.url}" integrity="${SWAGGER_UI_JS.integrity}" crossorigin="anonymous"></script>
      <script>${START_SCRIPT}</script>`

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
  const docs = swaggerUI({
    url: '/openapi.json',
    title: 'Intent scoring API',
    version: SWAGGER_UI_VERSION,
    manuallySwaggerUIHtml: swaggerHtml,
  })
  app.get(
    '/docs',
    async (c, next) => {
      await next()
      c.header('Content-Security-Policy', DOCS_CSP)
    },
    docs,
  )
  app.get('/docs/problems', (c) => {
    c.header('Content-Security-Policy', PROBLEMS_CSP)
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Problem types</title></head>
<body><h1>Problem types</h1><p>Every error is <code>application/problem+json</code> (RFC 9457) with one of these codes.</p>
<dl>${ERROR_CODES.map((code) => html`<dt id="${code}"><code>${code}</code></dt><dd>${PROBLEM_HELP[code]}</dd>`)}</dl>
</body></html>`)
  })
}
