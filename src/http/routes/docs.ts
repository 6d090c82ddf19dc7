import { createHash } from 'node:crypto'
import { html } from 'hono/html'
import { ERROR_CODES, notFound } from '../../errors.ts'
import type { Router } from '../router.ts'
import { SECURITY_SCHEMES } from '../openapi.ts'
import { loadSwaggerUi, type SwaggerUi } from '../swagger-ui.ts'

const PROBLEM_HELP: Record<(typeof ERROR_CODES)[number], string> = {
  bad_request: 'The body is not valid JSON, or the request is missing something it needs.',
  validation_failed:
    'Some fields are invalid; `issues` lists every one with its location and path. A refused write (POST, PUT, DELETE) wrote nothing.',
  unauthorized: 'No API key was sent, or it is unknown, revoked or expired.',
  forbidden:
    'The API key is valid but its scope (read < write < admin) is too small for this route.',
  not_found: 'The route, account, contact or key does not exist.',
  method_not_allowed:
    'The path exists but not with this method; the `Allow` header lists the methods it takes.',
  conflict: 'The request conflicts with the current state.',
  suppressed:
    'The person or account was erased on request and is suppressed: nothing about them is stored again until an admin lifts it (DELETE /v1/suppressions/{email-or-domain}).',
  payload_too_large: 'The body is larger than MAX_BODY_BYTES; split the batch.',
  unsupported_media_type:
    'The body has another Content-Type than the route takes; `detail` names the one received and the ones accepted (application/json, or application/x-ndjson where a route says so).',
  rate_limited: 'Too many requests for this key; wait for Retry-After seconds.',
  unavailable: 'The database is busy or unreachable; retry after Retry-After seconds.',
  storage_full:
    'The disk under the database is full (507): nothing of the request was written, and nothing accepted before is lost; retry after Retry-After seconds, once an operator has freed space.',
  storage_unavailable:
    'The storage under the database cannot be written (an I/O error, a read-only or vanished volume): nothing of the request was written; retry after Retry-After seconds.',
  internal: 'An unexpected error; it was logged with the request id.',
}

/** Read once per process: the files never change while it runs. */
const SWAGGER_UI = loadSwaggerUi()

/** validatorUrl 'none': no badge image that would send our spec's URL to validator.swagger.io. */
const START_SCRIPT =
  "window.onload = () => { window.ui = SwaggerUIBundle({ dom_id: '#swagger-ui', url: '/openapi.json', validatorUrl: 'none' }) }"

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/**
 * Only what /docs needs, all from this origin: Swagger UI's files, its one inline start-up
 * script by hash, fetches of /openapi.json and "Try it out" calls (to this origin, or to
 * PUBLIC_URL, the document's server), and the data: images of Swagger UI's stylesheet. No
 * 'unsafe-inline' at all: Swagger UI sets its styles through the DOM, which CSP allows.
 */
function docsCsp(publicUrl: string | undefined): string {
  const api = publicUrl === undefined ? '' : ` ${new URL(publicUrl).origin}`
  return [
    "default-src 'none'",
    `script-src ${sha256(START_SCRIPT)} 'self'`,
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${api}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ')
}

/** The problems page is plain HTML: nothing to load at all. */
const PROBLEMS_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Everything in it is ours (paths and hashes computed at start-up), so it is built once, unescaped. */
function docsPage(ui: SwaggerUi): string {
  const [js, css, icon32, icon16] = [
    ui.asset('swagger-ui-bundle.js'),
    ui.asset('swagger-ui.css'),
    ui.asset('favicon-32x32.png'),
    ui.asset('favicon-16x16.png'),
  ]
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intent scoring API</title>
<link rel="icon" type="image/png" sizes="32x32" href="${icon32.path}">
<link rel="icon" type="image/png" sizes="16x16" href="${icon16.path}">
<link rel="stylesheet" href="${css.path}" integrity="${css.integrity}" crossorigin="anonymous">
</head><body><div id="swagger-ui"></div>
<script src="${js.path}" integrity="${js.integrity}" crossorigin="anonymous"></script>
<script>${START_SCRIPT}</script>
</body></html>`
}

/** Versioned paths never change content, so any cache may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable'

/** The OpenAPI document (generated from the same zod schemas that validate), its browser, and the problem types. */
export function mountDocs(app: Router, options: { publicUrl?: string | undefined } = {}): void {
  for (const [name, scheme] of Object.entries(SECURITY_SCHEMES))
    app.openAPIRegistry.registerComponent('securitySchemes', name, scheme)
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Intent scoring API',
      version: '0.1.0',
      description:
        'B2B intent scoring: accounts, contacts, signals and outcomes in; surge, scores and buying committees out.',
      license: { name: 'MIT' },
    },
    // Relative by default: the document then works wherever the service is reached.
    servers: [{ url: options.publicUrl?.replace(/\/$/, '') || '/' }],
  })
  const page = docsPage(SWAGGER_UI)
  const csp = docsCsp(options.publicUrl)
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', csp)
    return c.html(page)
  })
  app.get(`/docs/assets/${SWAGGER_UI.version}/:file`, (c) => {
    const asset = SWAGGER_UI.find(c.req.param('file'))
    if (asset === undefined) throw notFound('That documentation file')
    return c.body(asset.body, 200, {
      'content-type': asset.type,
      'cache-control': IMMUTABLE,
    })
  })
  app.get('/docs/problems', (c) => {
    c.header('Content-Security-Policy', PROBLEMS_CSP)
    return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Problem types</title></head>
<body><h1>Problem types</h1><p>Every error is <code>application/problem+json</code> (RFC 9457) with one of these codes.</p>
<dl>${ERROR_CODES.map((code) => html`<dt id="${code}"><code>${code}</code></dt><dd>${PROBLEM_HELP[code]}</dd>`)}</dl>
</body></html>`)
  })
}
