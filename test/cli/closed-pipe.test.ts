import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { runIntent } from '../helpers/spawn.ts'

let db: string

/** Enough rows that the output outgrows a pipe's buffer: the command is still writing when the reader goes. */
const ACCOUNTS = 3000

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'intent-pipe-'))
  db = join(dir, 'intent.db')
  const file = join(dir, 'accounts.ndjson')
  writeFileSync(
    file,
    Array.from({ length: ACCOUNTS }, (_, i) =>
      JSON.stringify({ domain: `company-${i}.com`, name: `Company number ${i}` }),
    ).join('\n'),
  )
  expect(await runIntent(['import', 'accounts', file, '--db', db]).exited).toBe(0)
}, 60_000)

/** `intent … | head -1`: the reader takes the first chunk and closes its end. */
async function readFirstChunkThenClose(args: string[]) {
  const running = runIntent([...args, '--db', db])
  let first = ''
  running.child.stdout!.once('data', (chunk: Buffer) => {
    first = chunk.toString()
    running.child.stdout!.destroy()
  })
  const code = await running.exited
  return { code, first, stderr: running.stderr() }
}

describe('a closed stdout (`intent … | head`) stops the command quietly', () => {
  it.each([
    ['export accounts', ['export', 'accounts'], /^domain,name,/],
    ['export accounts as NDJSON', ['export', 'accounts', '--format', 'ndjson'], /^\{"domain":/],
    ['score --all', ['score', '--all', '--workers', '0'], /^domain,score,/],
  ])('%s exits 0 without EPIPE or a stack', async (_, args, header) => {
    const { code, first, stderr } = await readFirstChunkThenClose(args)
    expect(first).toMatch(header)
    expect(stderr).not.toMatch(/EPIPE|^\s+at /m)
    expect(stderr.trim()).toBe(`intent: using the database at ${db}`)
    expect(code).toBe(0)
  })
})
