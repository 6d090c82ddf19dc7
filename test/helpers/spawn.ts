import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const INTENT_BIN = fileURLToPath(new URL('../../bin/intent.js', import.meta.url))

export interface Running {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
  /**
   * The first value `probe` finds in the output, asked again as each chunk arrives. Rejects,
   * quoting what the process printed, once it has ended without printing it, or after
   * `timeoutMs`.
   */
  waitFor<T>(probe: () => T | undefined, timeoutMs?: number): Promise<T>
}

/** The end of a stream's text, for a failure message that shows what the process was doing. */
const tail = (text: string) => (text.length > 2000 ? `…${text.slice(-2000)}` : text)

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
  return watched(child)
}

/** A child process with its stdout and stderr piped, its output collected as it arrives. */
export function watched(child: ChildProcess): Running {
  let out = ''
  let err = ''
  /** Waiters to ask again: after each chunk of output, and once the output has ended. */
  const waiters = new Set<() => void>()
  const askWaiters = () => {
    for (const ask of waiters) ask()
  }
  child.stdout!.on('data', (chunk) => {
    out += chunk
    askWaiters()
  })
  child.stderr!.on('data', (chunk) => {
    err += chunk
    askWaiters()
  })
  // 'close', not 'exit': only then has every chunk the process wrote been read.
  let ended = false
  child.on('close', () => {
    ended = true
    askWaiters()
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))

  function waitFor<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const seen = () => `\n--- stdout ---\n${tail(out)}\n--- stderr ---\n${tail(err)}`
      const done = (settle: () => void) => {
        clearTimeout(timer)
        waiters.delete(ask)
        settle()
      }
      const timer = setTimeout(
        () => done(() => reject(new Error(`nothing awaited after ${timeoutMs} ms${seen()}`))),
        timeoutMs,
      )
      const ask = () => {
        const value = probe()
        if (value !== undefined) done(() => resolve(value))
        else if (ended) done(() => reject(new Error(`the process ended first${seen()}`)))
      }
      waiters.add(ask)
      ask()
    })
  }

  return { child, stdout: () => out, stderr: () => err, exited, waitFor }
}

/** The port the server logged once it listened. */
export function listeningPort(running: Running): Promise<number> {
  return running.waitFor(() => {
    const match = /"port":(\d+)[^\n]*"msg":"listening"/.exec(running.stdout())
    return match ? Number(match[1]) : undefined
  })
}
