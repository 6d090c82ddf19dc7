#!/usr/bin/env node
// The `intent` command: the compiled service in dist/ (`npm run build`, which `npm install`
// runs). In a checkout whose sources changed since that build, the TypeScript sources run
// through tsx instead (a dev dependency), so editing never needs a rebuild to take effect.
import { existsSync } from 'node:fs'

const root = new URL('..', import.meta.url)
const compiled = new URL('dist/src/cli/main.js', root)
const stateModule = new URL('scripts/build-state.mjs', root)
const stale =
  !existsSync(compiled) ||
  (existsSync(stateModule) && (await import(stateModule.href)).isDistStale(root.pathname))

if (!stale) {
  await import(compiled.href)
} else {
  let register
  try {
    ;({ register } = await import('tsx/esm/api'))
  } catch {
    process.stderr.write(
      'intent: dist/ is missing or older than the sources, and tsx is not installed: run `npm run build`\n',
    )
    process.exit(1)
  }
  register()
  await import(new URL('src/cli/main.ts', root).href)
}
