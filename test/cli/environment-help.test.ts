import { describe, expect, it } from 'vitest'
import { CONFIG_KEYS, loadConfig } from '../../src/config.ts'
import { runIntent } from '../helpers/spawn.ts'

describe('intent --help lists the environment', () => {
  it('names every variable of the configuration schema, each with a description and its default', async () => {
    const running = runIntent(['--help'])
    expect(await running.exited).toBe(0)
    const help = running.stdout()
    const section = help.slice(help.indexOf('\nEnvironment'))
    expect(CONFIG_KEYS.length).toBeGreaterThanOrEqual(16)
    const defaults = loadConfig({}) as Record<string, unknown>
    for (const key of CONFIG_KEYS) {
      const line = section.split('\n').find((text) => text.trimStart().startsWith(`${key} `))
      expect(line, key).toMatch(new RegExp(`^ {2}${key} +\\S.{10,}`))
      const fallback = defaults[key]
      // Derived from DB_PATH, so the help says how rather than today's value.
      if (key === 'MODELS_DIR') expect(line, key).toContain('default models/ beside DB_PATH')
      else if (typeof fallback === 'string' || typeof fallback === 'number')
        expect(line, key).toContain(`default ${fallback}`)
    }
    for (const named of [
      'WEBHOOK_SECRET',
      'SESSION_SECRET',
      'HUBSPOT_CLIENT_SECRET',
      'RATE_LIMIT_PER_MINUTE',
      'PUBLIC_URL',
    ])
      expect(section).toContain(named)
  })

  it('documents the exit code 6 beside the others', async () => {
    const running = runIntent(['--help'])
    await running.exited
    expect(running.stdout()).toMatch(/6 a folder or port it needs is unavailable/)
  })
})
