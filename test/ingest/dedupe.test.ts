import { describe, expect, it } from 'vitest'
import { dedupeKey } from '../../src/ingest/dedupe.ts'

const DAY = 86_400_000

describe('dedupeKey', () => {
  it('is the client id whatever the content, so a corrected resend is still a duplicate', () => {
    expect(dedupeKey('evt-1', ['a'], 0)).toEqual(dedupeKey('evt-1', ['b'], 5 * DAY))
    expect(dedupeKey('evt-1', [], 0)).not.toEqual(dedupeKey('evt-2', [], 0))
  })

  it('hashes long ids, keeping them distinct', () => {
    const long = 'x'.repeat(100)
    expect(dedupeKey(long, [], 0)).toHaveLength(17)
    expect(dedupeKey(long, [], 0)).not.toEqual(dedupeKey(`${long}y`, [], 0))
  })

  it('without an id, is a hash of the content prefixed by its day', () => {
    const a = dedupeKey(null, ['content', 'acme.com', 1_000], 1_000)
    expect(a).toEqual(dedupeKey(null, ['content', 'acme.com', 1_000], 1_000))
    expect(a).not.toEqual(dedupeKey(null, ['content', 'acme.com', 2_000], 2_000))
    expect(a.readUInt32BE(1)).toBe(0)
    expect(dedupeKey(null, ['x'], 3 * DAY + 5).readUInt32BE(1)).toBe(3)
  })

  it('never lets a client id equal a content key or a hashed id', () => {
    const content = dedupeKey(null, ['x'], 0)
    const asId = dedupeKey(content.subarray(1).toString('latin1'), [], 0)
    expect(asId[0]).not.toBe(content[0])
    expect(dedupeKey('a'.repeat(41), [], 0)[0]).not.toBe(dedupeKey('a', [], 0)[0])
  })
})
