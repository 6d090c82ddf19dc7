import type { Ctx } from './context.ts'

/** Reachability and schema version of the database, for /healthz. */
export async function databaseHealth(ctx: Ctx) {
  return ctx.store.health()
}

/** A consistent copy of the database while it is in use (SQLite's online backup). */
export async function backupDatabase(ctx: Ctx, file: string): Promise<{ pages: number }> {
  return ctx.store.backup(file)
}
