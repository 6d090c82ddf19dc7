import { Command, Option } from 'commander'
import { listAccounts } from '../domain/accounts.ts'
import type { Ctx } from '../domain/context.ts'
import { leaderboard } from '../domain/leaderboard.ts'
import { getSegment, segmentMembers } from '../domain/segments.ts'
import { AppError } from '../errors.ts'
import { COLUMNS } from '../jobs/rows.ts'
import { SCORE_COLUMNS, type ScoreRow } from '../jobs/score-all.ts'
import { withCtx } from './database.ts'
import { refuseUnwritable, rowWriter } from './output.ts'
import { dbOption, EXIT, EXIT_HELP } from './options.ts'

const PAGE = 1000

/** A segment's members, as `GET /v1/segments/{id}/accounts` lists them. */
const SEGMENT_COLUMNS = ['domain', 'name', 'enteredAt', 'score', 'label', 'stage'] as const
type SegmentRow = Record<(typeof SEGMENT_COLUMNS)[number], string | number | null>

/** Every member of a segment in domain order; false (writing nothing) when there is no such segment. */
async function exportSegment(
  ctx: Ctx,
  id: string,
  options: { out?: string; format: 'csv' | 'ndjson' },
): Promise<boolean> {
  try {
    await getSegment(ctx, id)
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return false
    throw error
  }
  const writer = rowWriter<SegmentRow>(options.out, options.format, [...SEGMENT_COLUMNS])
  let after: string | null = null
  do {
    const page = await segmentMembers(ctx, id, after, PAGE)
    for (const member of page.items)
      await writer.write({
        domain: member.domain,
        name: member.name,
        enteredAt: new Date(member.enteredAt).toISOString(),
        score: member.score,
        label: member.label,
        stage: member.stage,
      })
    after = page.next
  } while (after !== null && !writer.closed)
  await writer.close()
  return true
}

export function exportCommand(): Command {
  return new Command('export')
    .description(
      'Write every account, every stored score (highest first), or the accounts of a saved segment, as CSV or NDJSON.',
    )
    .argument('<what>', 'accounts|scores|segment')
    .argument('[id]', "with segment: the segment's id (seg_…)")
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
      `\naccounts columns: ${COLUMNS.accounts.join(',')}; scores columns: ${SCORE_COLUMNS.join(',')}; segment columns: ${SEGMENT_COLUMNS.join(',')}.${EXIT_HELP}`,
    )
    .action(
      async (
        what: string,
        id: string | undefined,
        options: { out?: string; format?: string; db?: string },
      ) => {
        const format =
          options.format === 'ndjson' ||
          (options.format === undefined && options.out?.endsWith('.ndjson'))
            ? 'ndjson'
            : 'csv'
        if (what !== 'accounts' && what !== 'scores' && what !== 'segment') {
          process.stderr.write('intent export: say accounts, scores or segment <id>\n')
          process.exitCode = EXIT.usage
          return
        }
        if ((what === 'segment') !== (id !== undefined)) {
          process.stderr.write('intent export: only `segment` takes an id, and it needs one\n')
          process.exitCode = EXIT.usage
          return
        }
        if (options.out !== undefined) refuseUnwritable(options.out, '--out')
        await withCtx(options.db, async (ctx) => {
          if (what === 'segment') {
            if (!(await exportSegment(ctx, id!, { out: options.out, format }))) {
              process.stderr.write(`intent export: there is no segment '${id}'\n`)
              process.exitCode = EXIT.failure
            }
            return
          }
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
      },
    )
}
