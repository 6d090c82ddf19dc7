import type { Ctx } from './context.ts'

/** Reachability and schema version of the database, for /healthz. */
export async function databaseHealth(ctx: Ctx) {
  return ctx.store.health()
}

/** A consistent copy of the database while it is in use (SQLite's online backup). */
export async function backupDatabase(ctx: Ctx, file: string): Promise<{ pages: number }> {
  return ctx.store.backup(file)
}

/** Which engine the store is: SQLite's file tools (backup) have no meaning on PostgreSQL. */
export function databaseEngine(ctx: Ctx): 'sqlite' | 'postgres' {
  return ctx.store.engine
}

/** Resolves once the store's schema is current (PostgreSQL migrates in the background). */
export async function databaseReady(ctx: Ctx): Promise<void> {
  await ctx.store.ready
}
