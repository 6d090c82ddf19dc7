import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Tests of one HTTP operation sit beside it (src/http/routes/<resource>/<operation>.*.test.ts).
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    // One PostgreSQL server for the run, for the store tests of the second engine.
    globalSetup: ['test/global-postgres.ts'],
  },
})
