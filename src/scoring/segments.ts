/**
 * Similar accounts share an industry and a size band; their activity is the prior for an
 * account with little history of its own.
 */
export const SIZE_BANDS = [
  { name: '1-10', max: 10 },
  { name: '11-50', max: 50 },
  { name: '51-200', max: 200 },
  { name: '201-1000', max: 1000 },
  { name: '1001-5000', max: 5000 },
  { name: '5001+', max: Number.POSITIVE_INFINITY },
] as const

export type SizeBand = (typeof SIZE_BANDS)[number]['name'] | 'unknown'

export function sizeBand(employees: number | null): SizeBand {
  if (employees === null) return 'unknown'
  return SIZE_BANDS.find((band) => employees <= band.max)!.name
}

/** Industry names are free text; compare them case-insensitively (as the store's SQL does). */
export function industryKey(industry: string | null): string {
  return industry === null ? '' : industry.trim().toLowerCase()
}

export function segmentKey(industry: string | null, employees: number | null): string {
  return `${industryKey(industry)}|${sizeBand(employees)}`
}
