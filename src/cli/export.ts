import { Command, Option } from 'commander'
import { listAccounts } from '../domain/accounts.ts'
import { leaderboard } from '../domain/leaderboard.ts'
import { COLUMNS } from '../jobs/rows.ts'
import { SCORE_COLUMNS, type ScoreRow } from '../jobs/score-all.ts'
import { withCtx } from './database.ts'
import { refuseUnwritable, rowWriter } from './output.ts'
import { dbOption, EXIT, EXIT_HELP } from './options.ts'

const PAGE = 1000

export function exportCommand(): Command {
  return new Command('export')
    .description('Write every account, or every stored score (highest first), as CSV or NDJSON.')
    .argument('<what>', 'accounts|scores')
    .option('--out <file>', 'write here (default: stdout)')
    .addOption(
      new Option(
        '--format <format>',
        'csv or ndjson (default: by --out extension, else csv)',
      ).choices(['csv', 'ndjson']),
    )
    .addOption(dbOption())
    .addHelpText(
      'after',
      `\naccounts columns: ${COLUMNS.accounts.join(',')}; scores columns: ${SCORE_COLUMNS.join(',')}.${EXIT_HELP}`,
    )
    .action(async (what: string, options: { out?: string; format?: string; db?: string }) => {
      const format =
        options.format === 'ndjson' ||
        (options.format === undefined && options.out?.endsWith('.ndjson'))
          ? 'ndjson'
          : 'csv'
      if (what !== 'accounts' && what !== 'scores') {
        process.stderr.write('intent export: say accounts or scores\n')
        process.exitCode = EXIT.usage
        return
      }
      if (options.out !== undefined) refuseUnwritable(options.out, '--out')
      await withCtx(options.db, async (ctx) => {
        if (what === 'accounts') {
          const writer = rowWriter<Record<string, unknown>>(options.out, format, [
            ...COLUMNS.accounts,
          ])
          let after: string | null = null
          do {
            const page = await listAccounts(ctx, after, PAGE)
            for (const account of page.items) {
              const { createdAt: _c, updatedAt: _u, ...fields } = account
              await writer.write(
                format === 'csv'
                  ? {
                      ...fields,
                      technologies: fields.technologies.join('|'),
                      attributes: JSON.stringify(fields.attributes),
                    }
                  : fields,
              )
            }
            after = page.next
            // A reader that went away (`| head`) has what it wanted.
          } while (after !== null && !writer.closed)
          await writer.close()
          return
        }
        const writer = rowWriter<ScoreRow>(options.out, format, SCORE_COLUMNS)
        let position: { score: number; domain: string } | undefined
        do {
          const page = await leaderboard(ctx, {}, position, PAGE)
          for (const item of page.items) {
            await writer.write({
              domain: item.domain,
              score: item.score,
              probability: Math.round(item.probability * 10_000) / 10_000,
              label: item.label,
              stage: item.stage,
              fitGrade: item.fitGrade,
              surgingTopics: item.surgingTopics.join('|'),
              model: item.modelId,
              asOf: new Date(item.computedAt).toISOString(),
            })
          }
          position = page.next ?? undefined
        } while (position !== undefined && !writer.closed)
        await writer.close()
      })
    })
}
