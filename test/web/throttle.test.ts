import { describe, expect, it } from 'vitest'
import { throttleBucket } from '../../src/web/throttle.ts'

describe('security: throttle buckets (found on the way)', () => {
  it.each([
    ['203.0.113.5', '203.0.113.5'],
    ['2001:db8:1:2::a', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    ['unknown', 'unknown'],
  ])('%s counts as %s', (client, bucket) => {
    expect(throttleBucket(client)).toBe(bucket)
  })
})
