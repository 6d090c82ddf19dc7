import {
  COMMITTEE_ROLES,
  type CommitteeRole,
  DAY_MS,
  type JobFunction,
  type Seniority,
  type SignalType,
} from '../vocabulary.ts'
import type { Person } from '../records.ts'
import { decayFactor } from '../scoring/activity.ts'
import type { ScoringConfig } from '../scoring/config.ts'
import { DEFAULT_ROLE_RULES, type RoleRule, roleOf } from './roles.ts'
import { classifyTitle, UNSURE_BELOW } from './titles.ts'

export type { Person }

export interface Classified extends Person {
  function: JobFunction
  seniority: Seniority
  role: CommitteeRole
  /** Why this person got this role: the title rule that fired (or the override), then the template's reason. */
  why: {
    rule: string
    confidence: number
    overridden: boolean
    roleReason: string
    /** The title was read with low confidence: the role is a guess to confirm, not a finding. */
    unsure: boolean
  }
}

export interface Member extends Classified {
  /** Decayed weighted activity of this person in the recent window. */
  engagement: number
  lastActivityAt: number | null
  topics: string[]
}

export interface CommitteeView {
  /** Share of the template's roles with at least one engaged member (0–1). */
  coverage: number
  members: Member[]
  missingRoles: CommitteeRole[]
  /** For each surging topic, which functions are driving it and how many of their people. */
  topicDrivers: { topic: string; functions: { function: JobFunction; people: number }[] }[]
  /** Known, not yet engaged contacts in the missing roles: who to reach next. */
  recommendedContacts: Classified[]
}

export function classifyPerson(person: Person, rules: RoleRule[] = DEFAULT_ROLE_RULES): Classified {
  const byTitle = classifyTitle(person.title ?? '')
  const fn = (person.functionOverride as JobFunction | null) ?? byTitle.function
  const seniority = (person.seniorityOverride as Seniority | null) ?? byTitle.seniority
  const overridden = person.functionOverride !== null || person.seniorityOverride !== null
  const { role, reason } = roleOf(fn, seniority, rules)
  return {
    ...person,
    function: fn,
    seniority,
    role,
    why: {
      rule: overridden ? `override;${byTitle.rule}` : byTitle.rule,
      confidence: overridden ? 1 : byTitle.confidence,
      overridden,
      roleReason: reason,
      unsure: !overridden && byTitle.confidence < UNSURE_BELOW,
    },
  }
}

export interface CommitteeInput {
  asOf: number
  contacts: Person[]
  activity: { contactId: number; topicId: number; day: number; type: SignalType }[]
  lastActivityAt: ReadonlyMap<number, number | null>
  topicLabels: ReadonlyMap<number, string>
  surgingTopics: string[]
  config: ScoringConfig
  rules?: RoleRule[]
  requiredRoles?: readonly CommitteeRole[]
}

export function buildCommittee(input: CommitteeInput): CommitteeView {
  const required = input.requiredRoles ?? COMMITTEE_ROLES
  const classified = new Map(
    input.contacts.map((person) => [person.id, classifyPerson(person, input.rules)]),
  )
  const engagement = new Map<number, { score: number; topics: Set<string> }>()
  for (const row of input.activity) {
    const entry = engagement.get(row.contactId) ?? { score: 0, topics: new Set<string>() }
    const ageDays = Math.max(0, (input.asOf - (row.day + 0.5) * DAY_MS) / DAY_MS)
    entry.score += input.config.weights[row.type] * decayFactor(row.type, ageDays, input.config)
    const label = input.topicLabels.get(row.topicId)
    if (row.topicId !== 0 && label !== undefined) entry.topics.add(label)
    engagement.set(row.contactId, entry)
  }
  const members: Member[] = [...engagement.entries()]
    .filter(([id]) => classified.has(id))
    .map(([id, entry]) => ({
      ...classified.get(id)!,
      engagement: Math.round(entry.score * 100) / 100,
      lastActivityAt: input.lastActivityAt.get(id) ?? null,
      topics: [...entry.topics].sort(),
    }))
    .sort((a, b) => b.engagement - a.engagement || a.email.localeCompare(b.email))
  const covered = new Set(members.map((member) => member.role))
  const missingRoles = required.filter((role) => !covered.has(role))
  const engagedIds = new Set(members.map((member) => member.id))
  return {
    coverage:
      Math.round((required.filter((role) => covered.has(role)).length / required.length) * 1000) /
      1000,
    members,
    missingRoles,
    topicDrivers: input.surgingTopics.map((topic) => {
      const counts = new Map<JobFunction, number>()
      for (const member of members)
        if (member.topics.includes(topic))
          counts.set(member.function, (counts.get(member.function) ?? 0) + 1)
      return {
        topic,
        functions: [...counts.entries()]
          .map(([fn, people]) => ({ function: fn, people }))
          .sort((a, b) => b.people - a.people),
      }
    }),
    recommendedContacts: [...classified.values()]
      .filter((person) => !engagedIds.has(person.id) && missingRoles.includes(person.role))
      .sort(
        (a, b) =>
          missingRoles.indexOf(a.role) - missingRoles.indexOf(b.role) ||
          a.email.localeCompare(b.email),
      )
      .slice(0, 10),
  }
}
