import { type Scope, SCOPES } from '../vocabulary.ts'
import { Command, Option } from 'commander'
import { createApiKey, listApiKeys, revokeApiKey } from '../domain/keys.ts'
import type { ApiKey } from '../records.ts'
import { AppError } from '../errors.ts'
import { withCtx } from './database.ts'
import { CliFailure } from './failure.ts'
import { dbOption, EXIT, EXIT_HELP, parsePositiveInt } from './options.ts'

const day = 86_400_000
const isoOrDash = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString())

/**
 * `intent keys list`: one tab-separated line per key, never its secret. `last used` is written
 * at most once a minute per key (domain/key-use.ts), so it is right to the minute.
 */
export function keyListing(keys: ApiKey[]): string {
  const header = 'id\tprefix\tscope\tname\tcreated\texpires\tlast used\tstatus'
  const rows = keys.map((key) =>
    [
      key.id,
      key.prefix,
      key.scope,
      key.name ?? '-',
      isoOrDash(key.createdAt),
      isoOrDash(key.expiresAt),
      isoOrDash(key.lastUsedAt),
      key.revokedAt === null ? 'active' : 'revoked',
    ].join('\t'),
  )
  return `${[header, ...rows].join('\n')}\n`
}

export function keysCommand(): Command {
  const keys = new Command('keys')
    .description('Create, list and revoke API keys.')
    .addHelpText('after', EXIT_HELP)

  keys
    .command('create')
    .description('Create a key and print its secret (shown only once).')
    .addOption(
      new Option('--scope <scope>', 'read < write < admin').choices(SCOPES).makeOptionMandatory(),
    )
    .option('--name <name>', 'a label to recognise the key by')
    .option('--expires-in-days <days>', 'expire after this many days', parsePositiveInt)
    .addOption(dbOption())
    .action(
      async (options: { scope: Scope; name?: string; expiresInDays?: number; db?: string }) => {
        await withCtx(options.db, async (ctx) => {
          const expiresAt = options.expiresInDays
            ? ctx.clock.now() + options.expiresInDays * day
            : null
          const { key, secret } = await createApiKey(ctx, {
            scope: options.scope,
            name: options.name ?? null,
            expiresAt,
          })
          process.stdout.write(`${secret}\n`)
          process.stderr.write(
            `created ${key.id} (${key.scope}); the secret above is not shown again\n`,
          )
        })
      },
    )

  keys
    .command('list')
    .description('List keys (never their secrets).')
    .addOption(dbOption())
    .action(async (options: { db?: string }) => {
      await withCtx(options.db, async (ctx) => {
        process.stdout.write(keyListing(await listApiKeys(ctx)))
      })
    })

  keys
    .command('revoke')
    .description('Revoke a key by id; it stops working at once.')
    .argument('<id>', 'the key id, as shown by `intent keys list`')
    .addOption(dbOption())
    .action(async (id: string, options: { db?: string }) => {
      await withCtx(options.db, async (ctx) => {
        const key = await revokeApiKey(ctx, id).catch((error: unknown) => {
          if (!(error instanceof AppError) || error.code !== 'not_found') throw error
          throw new CliFailure(
            `the API key '${id}' was not found in this database; \`intent keys list\` shows the ids`,
            EXIT.failure,
          )
        })
        process.stdout.write(`revoked ${key.id}\n`)
      })
    })

  return keys
}
