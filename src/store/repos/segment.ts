import type { Db } from '../db.ts'

export function segmentRepo(db: Db) {
  const seen = db.prepare<[string], { n: number }>(
    'SELECT 1 AS n FROM segment_messages WHERE message_id = ?',
  )
  const mark = db.prepare<[string, number]>(
    'INSERT INTO segment_messages (message_id, received_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
  )
  const remember = db.prepare<[string, string]>(
    `INSERT INTO segment_users (user_id, contact_id) SELECT ?, id FROM contacts WHERE email = ?
     ON CONFLICT (user_id) DO UPDATE SET contact_id = excluded.contact_id`,
  )
  const emailOf = db.prepare<[string], { email: string }>(
    'SELECT c.email FROM segment_users u JOIN contacts c ON c.id = u.contact_id WHERE u.user_id = ?',
  )
  return {
    async seen(messageId: string): Promise<boolean> {
      return seen.get(messageId) !== undefined
    },
    async markSeen(messageId: string, now: number): Promise<void> {
      mark.run(messageId, now)
    },
    async rememberUser(userId: string, email: string): Promise<void> {
      remember.run(userId, email)
    },
    async emailOfUser(userId: string): Promise<string | null> {
      return emailOf.get(userId)?.email ?? null
    },
  }
}

export type SegmentRepo = ReturnType<typeof segmentRepo>
