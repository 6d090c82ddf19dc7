import { z } from 'zod'
import type { Account, AccountStats, Contact } from '../domain/model.ts'
import { displayDomain } from '../ingest/identity.ts'
import { isoInstant } from './openapi.ts'

/** Response shapes: domain records with times as ISO 8601 strings. */

const iso = (ms: number) => new Date(ms).toISOString()
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export const AccountSchema = z
  .object({
    domain: z
      .string()
      .meta({ description: 'Registrable domain in ASCII (punycode) form: the key.' }),
    displayDomain: z.string().meta({ description: 'The domain in Unicode, for display.' }),
    name: z.string().nullable(),
    industry: z.string().nullable(),
    employees: z.number().int().nullable(),
    revenue: z.number().nullable(),
    country: z.string().nullable(),
    technologies: z.array(z.string()),
    attributes: z.record(z.string(), z.unknown()),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Account' })

export const AccountDetailSchema = AccountSchema.extend({
  stats: z.object({
    contacts: z.number().int(),
    signals: z.number().int(),
    lastSignalAt: isoInstant.nullable(),
  }),
}).meta({ id: 'AccountDetail' })

export const ContactSchema = z
  .object({
    email: z.string(),
    account: z
      .string()
      .nullable()
      .meta({ description: "The employer's account domain, if known." }),
    name: z.string().nullable(),
    title: z.string().nullable(),
    createdAt: isoInstant,
    updatedAt: isoInstant,
  })
  .meta({ id: 'Contact' })

export const IngestResultSchema = z
  .object({
    accepted: z.number().int().meta({ description: 'Newly stored.' }),
    duplicates: z.number().int().meta({ description: 'Already stored before; nothing changed.' }),
  })
  .meta({ id: 'IngestResult' })

export function presentAccount(account: Account): z.infer<typeof AccountSchema> {
  return {
    domain: account.domain,
    displayDomain: displayDomain(account.domain),
    name: account.name,
    industry: account.industry,
    employees: account.employees,
    revenue: account.revenue,
    country: account.country,
    technologies: account.technologies,
    attributes: account.attributes,
    createdAt: iso(account.createdAt),
    updatedAt: iso(account.updatedAt),
  }
}

export function presentAccountDetail(
  account: Account & { stats: AccountStats },
): z.infer<typeof AccountDetailSchema> {
  return {
    ...presentAccount(account),
    stats: { ...account.stats, lastSignalAt: isoOrNull(account.stats.lastSignalAt) },
  }
}

export function presentContact(contact: Contact): z.infer<typeof ContactSchema> {
  return { ...contact, createdAt: iso(contact.createdAt), updatedAt: iso(contact.updatedAt) }
}
