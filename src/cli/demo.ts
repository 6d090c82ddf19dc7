import { Command } from 'commander'
import { leaderboard } from '../domain/leaderboard.ts'
import { refreshDirtyScores } from '../domain/score-refresh.ts'
import type { ScoredView } from '../domain/score-view.ts'
import { loadFixtures } from '../jobs/load-fixtures.ts'
import { withCtx } from './database.ts'
import { progress } from './progress.ts'
import { dbOption, EXIT_HELP, parsePositiveInt } from './options.ts'

export function demoCommand(): Command {
  return new Command('demo')
    .description(
      'Load generated demo data into the database and print the top in-market accounts with their reasons.',
    )
    .option('--accounts <n>', 'how many demo accounts to generate', parsePositiveInt, 300)
    .option('--top <n>', 'how many accounts to show', parsePositiveInt, 10)
    .addOption(dbOption())
    .addHelpText(
      'after',
      `\nThe data comes from the fixtures' generator (seed 42) with a year of activity ending today; running it again adds nothing.${EXIT_HELP}`,
    )
    .action(async (options: { accounts: number; top: number; db?: string }) => {
      await withCtx(options.db, async (ctx) => {
        // Demo activity ends today, so the scores a newcomer sees now are the interesting ones.
        const asOf = new Date(Math.floor(ctx.clock.now() / 86_400_000) * 86_400_000).toISOString()
        const bar = progress('demo')
        const counts = await loadFixtures(ctx, { accounts: options.accounts, asOf }, (c) =>
          bar.update(
            c.signals,
            null,
            `${c.accounts} accounts, ${c.contacts} contacts, ${c.signals} signals`,
          ),
        )
        let scored = 0
        // Bounded: a mark newer than the clock (a skewed clock) could otherwise never clear.
        for (
          let round = 0, n = 1;
          n > 0 && round <= counts.accounts / 500 + 2;
          round++, scored += n
        ) {
          n = await refreshDirtyScores(ctx, 500)
        }
        bar.stop()
        process.stdout.write(
          `Loaded ${counts.accounts} accounts, ${counts.contacts} contacts, ${counts.signals} signals, ${counts.outcomes} outcomes; scored ${scored} accounts.\n\nTop in-market accounts:\n`,
        )
        const { items: top } = await leaderboard(ctx, {}, undefined, options.top)
        for (const [index, row] of top.entries()) {
          const view = JSON.parse(row.body) as ScoredView
          process.stdout.write(
            `\n${index + 1}. ${row.domain}  score ${row.score} (${row.label}, ${row.stage})  fit ${row.fitGrade ?? '–'}\n`,
          )
          for (const reason of view.inMarket.reasons
            .filter((r) => r.contribution > 0)
            .slice(0, 3)) {
            process.stdout.write(`   + ${reason.text}\n`)
          }
        }
        process.stdout.write(
          '\nNext: npm start, then GET /v1/accounts?sort=score (or the account look-up) with the admin key.\n',
        )
      })
    })
}
