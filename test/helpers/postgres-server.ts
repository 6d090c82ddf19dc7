import { execFileSync, spawn } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A real PostgreSQL server for the tests, started from the machine's own binaries (Debian's
 * `postgresql` package: `.ci/run` installs it). It lives in a temporary folder, listens on
 * loopback only, and is thrown away at the end of the run.
 */
export interface PostgresServer {
  /** postgres://… of the server's maintenance database; tests make their own databases. */
  url: string
  stop(): Promise<void>
}

export function postgresBinDir(): string | null {
  const candidates: string[] = []
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim())
  } catch {
    // no pg_config: look where Debian puts the server
  }
  if (existsSync('/usr/lib/postgresql')) {
    for (const version of readdirSync('/usr/lib/postgresql').sort().reverse())
      candidates.push(`/usr/lib/postgresql/${version}/bin`)
  }
  return (
    candidates.find(
      (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')),
    ) ?? null
  )
}

/** initdb refuses to run as root: as root, the server runs as Debian's `postgres` user. */
function asServerUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    return { uid, gid }
  } catch {
    throw new Error('running as root needs a `postgres` user to run the test server as')
  }
}

export interface StartOptions {
  /**
   * fsync and synchronous commit on, as a production server runs (benchmarks against SQLite's
   * synchronous=FULL); off by default, for tests, where the server's own durability is not
   * under test and fsyncs would only make the suite slow.
   */
  durable?: boolean
}

export async function startPostgres(
  binDir: string,
  options: StartOptions = {},
): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'intent-pg-'))
  const user = asServerUser()
  if (user) chownSync(dir, user.uid, user.gid)
  const data = join(dir, 'data')
  const run = (file: string, args: string[]) =>
    execFileSync(join(binDir, file), args, {
      stdio: 'pipe',
      ...(user ? { uid: user.uid, gid: user.gid } : {}),
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    })
  run('initdb', ['-D', data, '-U', 'intent', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8'])
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const server = spawn(
    join(binDir, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      ...(options.durable
        ? ['-c', 'shared_buffers=512MB']
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      '-c',
      'max_connections=300',
    ],
    { stdio: 'ignore', ...(user ? { uid: user.uid, gid: user.gid } : {}) },
  )
  const url = `postgres://intent@127.0.0.1:${port}/postgres`
  const deadline = Date.now() + 30_000
  for (;;) {
    try {
      run('pg_isready', ['-h', '127.0.0.1', '-p', String(port)])
      break
    } catch {
      if (server.exitCode !== null || Date.now() > deadline) {
        rmSync(dir, { recursive: true, force: true })
        throw new Error(`the test PostgreSQL server did not start (exit ${server.exitCode})`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  return {
    url,
    async stop() {
      server.kill('SIGINT') // fast shutdown
      await new Promise((resolve) => {
        if (server.exitCode !== null) resolve(null)
        else server.once('exit', resolve)
      })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
