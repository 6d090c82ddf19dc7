import { defineConfig } from 'vitest/config'

/**
 * `npm run test:postgres`: the route, page, job and integration tests again, each service on a
 * new PostgreSQL database (TEST_ENGINE=postgres, see test/helpers/app.ts). The store's own tests
 * run on both engines in `npm test` already (test/store/engines); this pass holds the whole
 * service to the same behaviour on the second engine. Left out: tests of SQLite itself (a backup
 * file, the schema version SQLite reports), the browser tests (the pages' engine-independent
 * rendering; their data comes through the same routes), and one test written around SQLite's
 * synchronous claim (it counts event-loop turns).
 */
export default defineConfig({
  test: {
    include: [
      'test/http/**/*.test.ts',
      'test/web/**/*.test.ts',
      'test/web/**/*.test.tsx',
      'test/domain/**/*.test.ts',
      'test/jobs/**/*.test.ts',
      'test/integrations/**/*.test.ts',
      'test/operations/**/*.test.ts',
      'test/lifecycle/**/*.test.ts',
      'src/**/*.test.ts',
    ],
    exclude: [
      'test/http/service.test.ts',
      'test/http/docs-browser.test.ts',
      'test/web/browser.test.ts',
      'test/web/security.test.ts',
      'test/domain/events.test.ts',
    ],
    env: { TEST_ENGINE: 'postgres' },
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    globalSetup: ['test/global-postgres.ts'],
  },
})
