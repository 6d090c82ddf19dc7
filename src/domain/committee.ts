import {
  buildCommittee,
  type Classified,
  type CommitteeView,
  classifyPerson,
} from '../committee/view.ts'
import { notFound } from '../errors.ts'
import { windowsAt } from '../scoring/activity.ts'
import type { Contact } from '../records.ts'
import type { Ctx } from './context.ts'
import { accountIntent } from './intent.ts'

/**
 * The buying committee as of an instant: who was active in the recent window, in which role,
 * which roles nobody covers, and whom to reach next. `surgingTopics` may be passed in when the
 * caller has just computed them.
 */
export async function accountCommittee(
  ctx: Ctx,
  domain: string,
  asOf: number,
  surgingTopics?: string[],
): Promise<CommitteeView> {
  const accountId = await ctx.store.activity.accountIdOf(domain)
  if (accountId === null) throw notFound(`The account '${domain}'`)
  const windows = windowsAt(asOf, ctx.scoring)
  const [contacts, activity, surging] = await Promise.all([
    ctx.store.committee.contacts(accountId),
    ctx.store.committee.activity(accountId, windows.recentFirstDay, windows.lastDay, asOf),
    surgingTopics ?? accountIntent(ctx, domain, asOf).then((intent) => intent.intent.surgingTopics),
  ])
  const active = [...new Set(activity.map((row) => row.contactId))]
  const lastActivityAt = new Map(
    await Promise.all(
      active.map(async (id) => [id, await ctx.store.committee.lastActiveAt(id, asOf)] as const),
    ),
  )
  const topicLabels = await ctx.store.topics.labels([
    ...new Set(activity.map((row) => row.topicId)),
  ])
  return buildCommittee({
    asOf,
    contacts,
    activity,
    lastActivityAt,
    topicLabels,
    surgingTopics: surging,
    config: ctx.scoring,
    rules: ctx.scoring.committee.rules,
    requiredRoles: ctx.scoring.committee.requiredRoles,
  })
}

/** How the committee reads a contact: function, seniority, role and why, by the configured role rules. */
export function classifyContact(ctx: Ctx, contact: Contact): Classified {
  return classifyPerson({ id: 0, ...contact }, ctx.scoring.committee.rules)
}

/** A bare title, classified as a contact with nothing else known would be (the default role rules). */
export function classifyBareTitle(title: string): Classified {
  return classifyPerson({
    id: 0,
    email: '',
    name: null,
    title,
    functionOverride: null,
    seniorityOverride: null,
  })
}
