import { describe, expect, it } from 'vitest'
import { openDb } from '../../src/store/db.ts'
import { topicsRepo } from '../../src/store/repos/topics.ts'

describe('security: the topic label memory is bounded (found in review, finding 4)', () => {
  it('remembers at most its bound of labels and still answers every one right', async () => {
    const db = openDb(':memory:')
    const insert = db.prepare('INSERT INTO topics (key, label) VALUES (?, ?) RETURNING id')
    const ids = Array.from(
      { length: 25 },
      (_, i) => (insert.get(`t${i}`, `Topic ${i}`) as { id: number }).id,
    )
    const topics = topicsRepo(db, 10)
    for (const id of ids) {
      const labels = await topics.labels([id])
      expect(labels.get(id)).toBe(`Topic ${id - 1}`)
      expect(topics.rememberedLabels()).toBeLessThanOrEqual(10)
    }
    const all = await topics.labels(ids)
    expect([...all.values()]).toHaveLength(25)
    expect(topics.rememberedLabels()).toBeLessThanOrEqual(10)
    db.close()
  })
})
