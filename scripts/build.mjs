// Compiles the service to dist/ (tsc -p tsconfig.build.json) and copies what tsc does not:
// the SQL migrations. Run by `npm run build`, by `npm install` (prepare) and by `npm start`
// with --if-stale, which builds only when a source is newer than the last build.
// `--out-dir <folder>` builds elsewhere (a test checks a fresh build that way).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUILD_STAMP, isDistStale } from './build-state.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ifStale = process.argv.includes('--if-stale')
const outFlag = process.argv.indexOf('--out-dir')
const outDir = outFlag === -1 ? join(root, 'dist') : resolve(process.argv[outFlag + 1] ?? 'dist')
const stamp = join(outDir, '.built')

if (ifStale && !isDistStale(root)) process.exit(0)

let tsc
try {
  const typescript = createRequire(join(root, 'package.json')).resolve('typescript/package.json')
  tsc = join(dirname(typescript), 'bin/tsc')
} catch {
  // An install without dev dependencies (npm ci --omit=dev) cannot compile: use the build it has.
  if (existsSync(join(root, BUILD_STAMP))) process.exit(0)
  process.stderr.write(
    'intent: dist/ is missing and TypeScript is not installed: run `npm ci` (with dev dependencies), then `npm run build`\n',
  )
  process.exit(1)
}

if (ifStale)
  process.stderr.write(
    existsSync(stamp)
      ? 'intent: sources changed since the last build: compiling to dist/…\n'
      : 'intent: compiling to dist/…\n',
  )
rmSync(outDir, { recursive: true, force: true })
const compiled = spawnSync(
  process.execPath,
  [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', outDir],
  { stdio: 'inherit' },
)
if (compiled.status !== 0) process.exit(compiled.status ?? 1)
// Both engines' migrations: SQLite's, and PostgreSQL's own numbered set.
for (const migrations of ['src/store/migrations', 'src/store/pg/migrations'])
  cpSync(join(root, migrations), join(outDir, migrations), { recursive: true })
writeFileSync(stamp, `${new Date().toISOString()}\n`)
