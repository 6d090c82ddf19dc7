import type { RetopicRepo } from '../../repos/retopic.ts'
import type { TopicLimit } from '../../repos/topic-cap.ts'
import type { PgDb } from '../client.ts'
import { notPorted } from './not-ported.ts'

export function pgRetopicRepo(_db: PgDb, _topicLimit: TopicLimit): RetopicRepo {
  return notPorted('retopic')
}
