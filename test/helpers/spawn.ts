import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const INTENT_BIN = fileURLToPath(new URL('../../bin/intent.js', import.meta.url))

export interface Running {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
}

/** Runs the real `intent` command as a separate process, as a user would (in `cwd`, if given). */
export function runIntent(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
  cwd?: string,
): Running {
  const child = spawn(process.execPath, [INTENT_BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'info', ...env },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    cwd,
  })
  if (stdin !== undefined) child.stdin!.end(stdin)
  let out = ''
  let err = ''
  child.stdout!.on('data', (chunk) => {
    out += chunk
  })
  child.stderr!.on('data', (chunk) => {
    err += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, stdout: () => out, stderr: () => err, exited }
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** The port the server logged once it listened. */
export function listeningPort(running: Running): Promise<number> {
  return waitFor(() => {
    const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(running.stdout())
    return match ? Number(match[1]) : undefined
  })
}
