import type { Db } from '../db.ts'

export function segmentRepo(db: Db) {
  const remember = db.prepare<[string, string]>(
    `INSERT INTO segment_users (user_id, contact_id) SELECT ?, id FROM contacts WHERE email = ?
     ON CONFLICT (user_id) DO UPDATE SET contact_id = excluded.contact_id`,
  )
  const emailOf = db.prepare<[string], { email: string }>(
    'SELECT c.email FROM segment_users u JOIN contacts c ON c.id = u.contact_id WHERE u.user_id = ?',
  )
  return {
    async rememberUser(userId: string, email: string): Promise<void> {
      remember.run(userId, email)
    },
    async emailOfUser(userId: string): Promise<string | null> {
      return emailOf.get(userId)?.email ?? null
    },
  }
}

export type SegmentRepo = ReturnType<typeof segmentRepo>
