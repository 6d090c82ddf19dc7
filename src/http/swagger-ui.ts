import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The files /docs needs from swagger-ui-dist, with their media types; nothing else of it is served. */
const FILES = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
} as const
export type SwaggerFile = keyof typeof FILES

export interface SwaggerAsset {
  /** Where the page loads it: the package version is in the path, so a copy never goes stale. */
  path: string
  type: string
  body: Uint8Array<ArrayBuffer>
  /** Subresource Integrity of the bytes read at start-up. */
  integrity: string
}

export interface SwaggerUi {
  version: string
  asset(name: SwaggerFile): SwaggerAsset
  /** The asset at `/docs/assets/<version>/<name>`, if it is one of ours. */
  find(name: string): SwaggerAsset | undefined
}

/**
 * Swagger UI from the installed package, read once: /docs needs no network beyond this
 * service. Resolved through Node's module resolution, so hoisting or a workspace layout does
 * not matter; the version comes from the package itself, so an upgrade changes every path.
 */
export function loadSwaggerUi(base = '/docs/assets'): SwaggerUi {
  const manifest = createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }
  const assets = new Map<string, SwaggerAsset>()
  for (const [name, type] of Object.entries(FILES)) {
    const body = new Uint8Array(readFileSync(join(dirname(manifest), name)))
    const integrity = `sha384-${createHash('sha384').update(body).digest('base64')}`
    assets.set(name, { path: `${base}/${version}/${name}`, type, body, integrity })
  }
  return { version, asset: (name) => assets.get(name)!, find: (name) => assets.get(name) }
}
