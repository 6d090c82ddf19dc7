import type { SegmentRepo } from '../../repos/segment.ts'
import type { PgDb } from '../client.ts'

export function pgSegmentRepo(db: PgDb): SegmentRepo {
  return {
    /** Nothing is remembered for an email no contact has (the SELECT finds no row), as SQLite. */
    async rememberUser(userId, email) {
      await db.run(
        `INSERT INTO segment_users (user_id, contact_id) SELECT $1, id FROM contacts WHERE email = $2
         ON CONFLICT (user_id) DO UPDATE SET contact_id = excluded.contact_id`,
        [userId, email],
      )
    },
    async emailOfUser(userId) {
      const row = await db.one<{ email: string }>(
        'SELECT c.email FROM segment_users u JOIN contacts c ON c.id = u.contact_id WHERE u.user_id = $1',
        [userId],
      )
      return row?.email ?? null
    },
  }
}
