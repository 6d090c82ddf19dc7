/**
 * A small Dockerfile reader: enough of the format for our own Dockerfile (stages, COPY, RUN,
 * ENV, VOLUME, USER, HEALTHCHECK, CMD), so a test can check what the image promises and
 * dockerfile-dry-run.ts can replay its build steps where no Docker daemon runs.
 */
import { readFileSync } from 'node:fs'

export interface Instruction {
  keyword: string
  /** The rest of the line, continuations joined. */
  args: string
  line: number
}

export interface Stage {
  image: string
  name: string | undefined
  instructions: Instruction[]
}

/** Logical lines: comments dropped, `\` continuations joined. */
export function parseDockerfile(text: string): { args: Instruction[]; stages: Stage[] } {
  const instructions: Instruction[] = []
  let pending = ''
  let startLine = 0
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim()
    if (pending === '' && (line === '' || line.startsWith('#'))) return
    if (pending === '') startLine = index + 1
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `
      return
    }
    const whole = `${pending}${line}`.trim()
    pending = ''
    const [keyword = '', ...rest] = whole.split(/\s+/)
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: startLine })
  })
  const args: Instruction[] = []
  const stages: Stage[] = []
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/)
      stages.push({
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        instructions: [],
      })
    } else if (stages.length === 0) args.push(instruction)
    else stages[stages.length - 1]?.instructions.push(instruction)
  }
  return { args, stages }
}

export const readDockerfile = (path: string) => parseDockerfile(readFileSync(path, 'utf8'))

/** `["a", "b"]` (exec form) or a plain shell string. */
export function commandOf(args: string): string[] {
  if (args.startsWith('[')) return JSON.parse(args) as string[]
  return ['/bin/sh', '-c', args]
}

/** `A=1 B="two words"` → { A: '1', B: 'two words' }. */
export function envOf(args: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const [, key = '', value = ''] = match
    env[key] = value.startsWith('"') ? (JSON.parse(value) as string) : value
  }
  return env
}

/** COPY's flags (`--from=build`), sources and destination. */
export function copyOf(args: string): { from?: string; sources: string[]; destination: string } {
  const words = args.split(/\s+/)
  const flags = words.filter((word) => word.startsWith('--'))
  const paths = words.filter((word) => !word.startsWith('--'))
  const from = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length)
  const destination = paths.pop() ?? ''
  return { ...(from === undefined ? {} : { from }), sources: paths, destination }
}

/** HEALTHCHECK [--options] CMD …: the command. */
export function healthCheckOf(args: string): string[] | null {
  const at = args.indexOf('CMD ')
  return at === -1 ? null : commandOf(args.slice(at + 4).trim())
}
