// Whether dist/ is older than the sources it is compiled from. Shared by bin/intent.js (which
// runs the sources through tsx when dist/ is stale) and scripts/build.mjs (--if-stale).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** Written last by a successful build: its time is the build's. */
export const BUILD_STAMP = 'dist/.built'

const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json']

/** Tests beside the routes are not compiled (tsconfig.build.json): editing one needs no build. */
const isTest = (name) => /\.test\.tsx?$/.test(name)

function newestUnder(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) {
    if (!isTest(entry)) newest = Math.max(newest, newestUnder(join(path, entry)))
  }
  return newest
}

/** True when there is no build, or a source changed after it; false in a deploy without sources. */
export function isDistStale(root) {
  const stamp = join(root, BUILD_STAMP)
  if (!existsSync(stamp)) return true
  const built = statSync(stamp).mtimeMs
  return INPUTS.some((input) => newestUnder(join(root, input)) > built)
}
