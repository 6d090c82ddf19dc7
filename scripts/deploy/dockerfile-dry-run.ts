/**
 * Replays the Dockerfile where no Docker daemon runs (this project's CI): the build stage's
 * COPY and RUN steps in a clean folder, then the runtime stage's COPY, ENV and CMD, and waits
 * for its HEALTHCHECK to pass. Steps that set up the image itself (users, /data, links into
 * /usr/local/bin) are the test's to check (test/deploy/dockerfile.test.ts), not run here.
 *
 *   npx tsx scripts/deploy/dockerfile-dry-run.ts
 */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  commandOf,
  copyOf,
  envOf,
  healthCheckOf,
  readDockerfile,
  type Stage,
} from './dockerfile.ts'

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const work = mkdtempSync(join(tmpdir(), 'intent-dockerfile-'))
const { stages } = readDockerfile(join(repo, 'Dockerfile'))
const say = (text: string) => process.stdout.write(`dockerfile: ${text}\n`)

interface StageTree {
  /** The clean folder standing for the stage's WORKDIR. */
  root: string
  workdir: string
}

/** A path of the image as a path of the clean tree: the WORKDIR is the tree's root. */
function inTree(tree: StageTree, path: string): string {
  if (!path.startsWith('/')) return join(tree.root, path)
  const workdir = tree.workdir.endsWith('/') ? tree.workdir : `${tree.workdir}/`
  if (!path.startsWith(workdir)) throw new Error(`${path} is outside the WORKDIR ${tree.workdir}`)
  return join(tree.root, path.slice(workdir.length))
}

function copyInto(tree: StageTree, args: string, trees: Map<string, StageTree>) {
  const { from, sources, destination } = copyOf(args)
  const source = from === undefined ? null : trees.get(from)
  if (source === undefined) throw new Error(`COPY --from=${from}: no such stage`)
  const target = inTree(tree, destination)
  const intoFolder = destination.endsWith('/') || sources.length > 1
  for (const path of sources) {
    const origin = source === null ? join(repo, path) : inTree(source, path)
    const into = intoFolder ? join(target, path.split('/').pop() ?? '') : target
    mkdirSync(dirname(into), { recursive: true })
    cpSync(origin, into, { recursive: true })
  }
}

function replay(stage: Stage, index: number, trees: Map<string, StageTree>, runSteps: boolean) {
  const tree: StageTree = { root: join(work, stage.name ?? `stage-${index}`), workdir: '/' }
  mkdirSync(tree.root, { recursive: true })
  trees.set(stage.name ?? String(index), tree)
  const env: Record<string, string> = {}
  for (const { keyword, args, line } of stage.instructions) {
    if (keyword === 'WORKDIR') tree.workdir = args
    else if (keyword === 'COPY') copyInto(tree, args, trees)
    else if (keyword === 'ENV') Object.assign(env, envOf(args))
    else if (keyword === 'RUN' && runSteps) {
      say(`line ${line}: RUN ${args}`)
      const [command = '', ...rest] = commandOf(args)
      const result = spawnSync(command, rest, {
        cwd: tree.root,
        stdio: 'inherit',
        env: { ...process.env, ...env },
      })
      if (result.status !== 0) throw new Error(`line ${line}: RUN failed (${result.status})`)
    } else if (keyword === 'RUN') say(`line ${line}: image set-up, checked by the test: ${args}`)
  }
  return { root: tree.root, env }
}

const trees = new Map<string, StageTree>()
const runtime = stages.length - 1
let exitCode = 0
try {
  for (const [index, stage] of stages.slice(0, runtime).entries()) replay(stage, index, trees, true)
  const last = stages[runtime]
  if (last === undefined) throw new Error('no stage')
  const { root, env } = replay(last, runtime, trees, false)
  const cmd = last.instructions.findLast((i) => i.keyword === 'CMD')
  const health = last.instructions.findLast((i) => i.keyword === 'HEALTHCHECK')
  if (!cmd || !health) throw new Error('the runtime stage needs a CMD and a HEALTHCHECK')
  const check = healthCheckOf(health.args)
  if (!check) throw new Error('HEALTHCHECK has no CMD')
  // The volume becomes a folder of the clean tree, and the port one that is free here.
  const data = join(work, 'volume-data')
  mkdirSync(data)
  const runEnv = {
    ...process.env,
    ...env,
    DB_PATH: join(data, 'intent.db'),
    PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
    HOST: '127.0.0.1',
  }
  const [command = '', ...rest] = commandOf(cmd.args)
  say(`CMD ${cmd.args} (DB_PATH=${runEnv.DB_PATH}, PORT=${runEnv.PORT})`)
  const server = spawn(command, rest, {
    cwd: root,
    env: runEnv,
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const deadline = Date.now() + 20_000
  let healthy = false
  while (!healthy && Date.now() < deadline && server.exitCode === null) {
    await new Promise((done) => setTimeout(done, 250))
    const [checkCommand = '', ...checkArgs] = check
    healthy = spawnSync(checkCommand, checkArgs, { cwd: root, env: runEnv }).status === 0
  }
  server.kill('SIGTERM')
  if (!healthy) throw new Error('the HEALTHCHECK never passed')
  say('HEALTHCHECK passed: the image built from these steps serves')
} catch (error) {
  process.stderr.write(`dockerfile: ${(error as Error).message}\n`)
  exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
process.exit(exitCode)
