import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { importCommand } from '../../src/cli/import.ts'
import { suppressionsCommand } from '../../src/cli/suppressions.ts'
import { fixedClock } from '../../src/clock.ts'
import { testConfig } from '../helpers/config.ts'
import { buildContext } from '../../src/composition-root.ts'
import { putContact } from '../../src/domain/contacts.ts'
import { eraseContact } from '../../src/domain/erasure.ts'
import { createLogger } from '../../src/logger.ts'

/** Runs a command in this process and returns what it printed and its exit code. */
async function run(command: ReturnType<typeof suppressionsCommand>, args: string[]) {
  const out: string[] = []
  const write = (chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  }
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(write)
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(write)
  process.exitCode = 0
  try {
    await command.parseAsync(args, { from: 'user' })
  } finally {
    stdout.mockRestore()
    stderr.mockRestore()
  }
  const code = process.exitCode
  process.exitCode = 0
  return { output: out.join(''), code }
}

afterEach(() => {
  process.exitCode = 0
})

describe('security: erasure sticks through the CLI (finding 2)', () => {
  it('intent import reports suppressed rows; intent suppressions lift lets them in again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'intent-cli-suppressions-'))
    const db = join(dir, 'intent.db')
    const ctx = buildContext(testConfig({ DB_PATH: db }), {
      clock: fixedClock('2026-11-25T12:00:00Z'),
      logger: createLogger('silent'),
    })
    await putContact(ctx, { email: 'anna@acme.pl', accountDomain: 'acme.pl' }, { name: 'Anna' })
    await eraseContact(ctx, 'anna@acme.pl', 'key_test')
    await ctx.store.close()

    const file = join(dir, 'contacts.csv')
    writeFileSync(file, 'email,name\nanna@acme.pl,Anna\njan@acme.pl,Jan\n')
    const imported = await run(importCommand(), ['contacts', file, '--db', db])
    expect(imported.code).toBe(0)
    expect(imported.output).toMatch(
      /2 rows read, 1 imported, 0 already there, 0 rejected, 1 suppressed \(they name erased people or accounts\)/,
    )

    const lifted = await run(suppressionsCommand(), ['lift', 'Anna@acme.pl', '--db', db])
    expect(lifted).toEqual({
      output: `intent: using the database at ${db}\nlifted: it may be stored again\n`,
      code: 0,
    })
    const again = await run(suppressionsCommand(), ['lift', 'anna@acme.pl', '--db', db])
    expect(again.code).toBe(1)
    expect(again.output).toMatch(/not found/)
    const bad = await run(suppressionsCommand(), ['lift', 'localhost', '--db', db])
    expect(bad.code).toBe(2)

    // Anna is stored again; Jan was stored by the first run, unchanged.
    const back = await run(importCommand(), ['contacts', file, '--db', db])
    expect(back.output).toMatch(/2 rows read, 1 imported, 1 already there, 0 rejected;/)
  })
})
