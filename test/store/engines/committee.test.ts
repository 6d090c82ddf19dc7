import { beforeAll, expect, it } from 'vitest'
import type { Store } from '../../../src/store/index.ts'
import { describeEachEngine } from '../../helpers/engines.ts'
import { at, DAY, seedActivity } from './activity-seed.ts'

describeEachEngine('committee reads', ({ open }) => {
  let store: Store
  let seed: Awaited<ReturnType<typeof seedActivity>>
  beforeAll(async () => {
    store = await open()
    seed = await seedActivity(store)
    return () => store.close()
  })

  it('lists who did what: rollup days, then the last day signals up to asOf', async () => {
    const { acme, crmId, asOf } = seed
    const id = new Map((await store.committee.contacts(acme)).map((c) => [c.email, c.id]))
    // In SQLite's order: the rollup's rows by (day, topic, type, contact), then the last day's.
    // Anonymous signals name nobody; dave's signal came after asOf.
    expect(await store.committee.activity(acme, DAY - 2, DAY, asOf)).toEqual([
      { contactId: id.get('alice@acme.pl'), topicId: crmId, day: DAY - 2, type: 'content' },
      { contactId: id.get('bob@acme.pl'), topicId: crmId, day: DAY - 2, type: 'content' },
      { contactId: id.get('alice@acme.pl'), topicId: 0, day: DAY - 1, type: 'web_visit' },
      { contactId: id.get('carol@acme.pl'), topicId: crmId, day: DAY, type: 'content' },
    ])
    expect(await store.committee.activity(acme, DAY - 1, DAY - 1, at(DAY - 1, 2))).toEqual([
      { contactId: id.get('alice@acme.pl'), topicId: 0, day: DAY - 1, type: 'web_visit' },
    ])
    expect(await store.committee.activity(999_999, DAY - 2, DAY, asOf)).toEqual([])
  })

  it('lists an account contacts by email, and when one was last active', async () => {
    const { acme, beta, asOf } = seed
    const contacts = await store.committee.contacts(acme)
    expect(contacts.map((c) => [c.email, c.title, c.seniorityOverride])).toEqual([
      ['alice@acme.pl', 'CTO', null],
      ['bob@acme.pl', 'Buyer', 'manager'],
      ['carol@acme.pl', null, null],
      ['dave@acme.pl', null, null],
    ])
    expect(await store.committee.contacts(999_999)).toEqual([])
    expect((await store.committee.contacts(beta)).map((c) => c.email)).toEqual(['eve@beta.pl'])
    const alice = contacts.find((c) => c.email === 'alice@acme.pl')!
    expect(await store.committee.lastActiveAt(alice.id, asOf)).toBe(at(DAY - 1, 2))
    expect(await store.committee.lastActiveAt(alice.id, at(DAY - 2, 2))).toBe(at(DAY - 2, 1))
    expect(await store.committee.lastActiveAt(alice.id, at(DAY - 3))).toBeNull()
    expect(await store.committee.lastActiveAt(999_999, asOf)).toBeNull()
  })
})
