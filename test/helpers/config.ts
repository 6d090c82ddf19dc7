import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Config, loadConfig } from '../../src/config.ts'

/** The configuration tests use: in-memory database, quiet logs, models in a scratch folder. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    DB_PATH: ':memory:',
    LOG_LEVEL: 'silent',
    MODELS_DIR: join(tmpdir(), 'intent-test-models'),
    ...overrides,
  }
}
