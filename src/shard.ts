/**
 * One of `count` equal parts of the accounts, by id: account `id` belongs to part
 * `id % count + 1`. Several machines each take a part of a nightly batch (`--shard K/N`); ids
 * are dense, so the parts are of about one size, and an account's part never changes.
 */
export interface Shard {
  /** 1-based: 1 … count. */
  index: number
  count: number
}

const SHARD = /^([1-9]\d{0,3})\/([1-9]\d{0,3})$/

/** `K/N` with 1 ≤ K ≤ N ≤ 1000, or the reason it is not one. */
export function parseShard(text: string): Shard | string {
  const match = SHARD.exec(text.trim())
  if (!match) return `"${text}" is not K/N (e.g. 1/4: the first of four parts)`
  const index = Number(match[1])
  const count = Number(match[2])
  if (count > 1000) return 'at most 1000 parts'
  if (index > count) return `part ${index} of ${count} does not exist: K must be 1 to ${count}`
  return { index, count }
}

/** What the checkpoint of a sharded run is called: each part resumes on its own. */
export function shardSuffix(shard: Shard | null): string {
  return shard === null || shard.count === 1 ? '' : `:shard-${shard.index}/${shard.count}`
}
