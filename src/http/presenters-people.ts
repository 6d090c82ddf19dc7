import { z } from 'zod'
import { UNSURE_BELOW } from '../committee/titles.ts'
import type { Classified, CommitteeView } from '../committee/view.ts'
import type { Contact } from '../records.ts'
import { iso, isoInstant, isoOrNull } from './openapi.ts'

/** Response shapes for contacts and the buying committee. */

const ClassificationSchema = z.object({
  function: z.string(),
  seniority: z.string(),
  role: z.string().meta({ description: 'Buying-committee role from the committee template.' }),
  confidence: z.number(),
  rule: z.string().meta({
    description:
      'What decided: `function:…;seniority:…` title rules, `model:function:…` / `model:seniority:…` for the learned model, `fallback`, or `override;…`.',
  }),
  overridden: z.boolean(),
  roleReason: z.string(),
  unsure: z.boolean().meta({
    description:
      'The title was read with low confidence (below 0.5): treat the function, seniority and role as a guess to confirm.',
  }),
})

export const ContactSchema = z
  .object({
    email: z.string(),
    account: z
      .string()
      .nullable()
      .meta({ description: "The employer's account domain, if known." }),
    name: z.string().nullable(),
    title: z.string().nullable(),
    classification: ClassificationSchema,
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Contact' })

function presentClassification(person: Classified): z.infer<typeof ClassificationSchema> {
  return {
    function: person.function,
    seniority: person.seniority,
    role: person.role,
    confidence: person.why.confidence,
    rule: person.why.rule,
    overridden: person.why.overridden,
    roleReason: person.why.roleReason,
    // Committees stored before `unsure` existed: the same rule, from the stored confidence.
    unsure: person.why.unsure ?? (!person.why.overridden && person.why.confidence < UNSURE_BELOW),
  }
}

export function presentContact(
  contact: Contact,
  classified: Classified,
): z.infer<typeof ContactSchema> {
  return {
    email: contact.email,
    account: contact.account,
    name: contact.name,
    title: contact.title,
    classification: presentClassification(classified),
    createdAt: iso(contact.createdAt),
    updatedAt: iso(contact.updatedAt),
  }
}

const PersonSchema = z.object({
  email: z.string(),
  name: z.string().nullable(),
  title: z.string().nullable(),
  role: z.string(),
  function: z.string(),
  seniority: z.string(),
  classification: ClassificationSchema,
})

export const CommitteeSchema = z
  .object({
    coverage: z
      .number()
      .meta({ description: "Share of the template's roles with an engaged member (0–1)." }),
    members: z.array(
      PersonSchema.extend({
        engagement: z
          .number()
          .meta({ description: 'Decayed weighted activity in the recent window.' }),
        lastActivityAt: isoInstant.nullable(),
        topics: z.array(z.string()),
      }),
    ),
    missingRoles: z.array(z.string()),
    topicDrivers: z.array(
      z.object({
        topic: z.string(),
        functions: z.array(z.object({ function: z.string(), people: z.number().int() })),
      }),
    ),
    recommendedContacts: z.array(PersonSchema),
  })
  .meta({ id: 'Committee' })

function presentPerson(person: Classified): z.infer<typeof PersonSchema> {
  const { email, name, title, role, seniority } = person
  const classification = presentClassification(person)
  return { email, name, title, role, function: person.function, seniority, classification }
}

export function presentCommittee(view: CommitteeView): z.infer<typeof CommitteeSchema> {
  return {
    coverage: view.coverage,
    members: view.members.map((member) => ({
      ...presentPerson(member),
      engagement: member.engagement,
      lastActivityAt: isoOrNull(member.lastActivityAt),
      topics: member.topics,
    })),
    missingRoles: view.missingRoles,
    topicDrivers: view.topicDrivers,
    recommendedContacts: view.recommendedContacts.map(presentPerson),
  }
}
