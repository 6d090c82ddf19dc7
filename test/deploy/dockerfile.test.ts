import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import {
  commandOf,
  copyOf,
  envOf,
  healthCheckOf,
  parseDockerfile,
  readDockerfile,
} from '../../scripts/deploy/dockerfile.ts'

// No Docker daemon here: the promises of the image are read from the file, and .ci/run
// replays its build steps in a clean folder (scripts/deploy/dockerfile-dry-run.ts).
const { stages } = readDockerfile('Dockerfile')
const build = stages[0]!
const runtime = stages[stages.length - 1]!
const all = (keyword: string) => runtime.instructions.filter((i) => i.keyword === keyword)

describe('the Dockerfile', () => {
  it('builds in a full image with the compiler toolchain and runs on a slim one', () => {
    expect(stages).toHaveLength(2)
    expect(build.name).toBe('build')
    expect(build.image).toMatch(/^node:\$\{NODE_VERSION\}-bookworm$/)
    expect(runtime.image).toMatch(/-slim$/)
    // The runtime stage takes only the build's output, never the sources or dev tools.
    const copies = all('COPY').map((i) => copyOf(i.args))
    expect(copies.flatMap((c) => c.sources)).not.toContain('src')
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/npm prune --omit=dev/)
  })

  it('runs as the unprivileged node user, after the root-only set-up', () => {
    const users = all('USER')
    expect(users.map((u) => u.args)).toEqual(['node'])
    const lastRun = all('RUN').at(-1)!
    expect(users[0]!.line).toBeGreaterThan(lastRun.line)
    expect(lastRun.args).toMatch(/chown node:node \/data/)
  })

  it('keeps the database on the /data volume and listens on every interface', () => {
    const env = Object.assign({}, ...all('ENV').map((i) => envOf(i.args)))
    expect(env).toMatchObject({
      HOST: '0.0.0.0',
      DB_PATH: '/data/intent.db',
      NODE_ENV: 'production',
    })
    expect(all('VOLUME').map((v) => JSON.parse(v.args))).toEqual([['/data']])
  })

  it('checks its health on /healthz and starts the compiled service', () => {
    const health = all('HEALTHCHECK')
    expect(health).toHaveLength(1)
    const check = healthCheckOf(health[0]!.args)!
    expect(check[0]).toBe('node')
    expect(check.join(' ')).toMatch(/\/healthz/)
    expect(commandOf(all('CMD')[0]!.args)).toEqual(['node', 'dist/src/cli/main.js', 'serve'])
  })
})

describe('the Dockerfile reader', () => {
  it('joins continuations, drops comments, splits stages and reads ENV pairs', () => {
    const parsed = parseDockerfile(
      'ARG V=1\n# comment\nFROM a AS one\nRUN echo 1 \\\n  && echo 2\nFROM b\nENV A=1 B="two words"\n',
    )
    expect(parsed.args.map((a) => a.keyword)).toEqual(['ARG'])
    expect(parsed.stages.map((s) => [s.image, s.name])).toEqual([
      ['a', 'one'],
      ['b', undefined],
    ])
    expect(parsed.stages[0]!.instructions[0]).toMatchObject({ keyword: 'RUN', line: 4 })
    expect(parsed.stages[0]!.instructions[0]!.args).toBe('echo 1 && echo 2')
    expect(envOf(parsed.stages[1]!.instructions[0]!.args)).toEqual({ A: '1', B: 'two words' })
    expect(copyOf('--from=build /app/dist dist')).toEqual({
      from: 'build',
      sources: ['/app/dist'],
      destination: 'dist',
    })
  })
})
