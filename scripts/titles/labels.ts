import type { JobFunction, Seniority } from '../../src/vocabulary.ts'
/**
 * From the public sources' own labels to ours: ISCO-08 groups (ESCO, ОКЗ), O*NET-SOC codes
 * and the snapADDY departments and seniorities. The one place these mappings live; the
 * trainer and the evaluation both read them. See docs/titles.md for the reasoning.
 */

type Prefixes = ReadonlyArray<readonly [prefix: string, fn: JobFunction]>

/** Longest prefix wins; anything not listed is `other`. */
const ISCO_FUNCTION: Prefixes = [
  ['0', 'other'],
  ['111', 'other'], // legislators and senior officials
  ['112', 'executive'], // managing directors and chief executives
  ['1211', 'finance'],
  ['1212', 'hr'],
  ['1213', 'other'],
  ['1219', 'operations'],
  ['1221', 'sales'], // sales and marketing managers: split by name below
  ['1222', 'marketing'],
  ['1223', 'engineering'], // research and development managers
  ['132', 'operations'], // manufacturing, mining, construction, distribution managers
  ['133', 'engineering'], // ICT service managers
  ['1346', 'finance'],
  ['212', 'engineering'], // mathematicians, actuaries, statisticians
  ['214', 'engineering'],
  ['215', 'engineering'],
  ['241', 'finance'],
  ['2423', 'hr'],
  ['2424', 'hr'],
  ['2431', 'marketing'],
  ['2432', 'marketing'],
  ['2433', 'sales'],
  ['2434', 'sales'],
  ['25', 'engineering'],
  ['261', 'legal'],
  ['311', 'engineering'],
  ['312', 'operations'],
  ['313', 'operations'],
  ['331', 'finance'],
  ['3321', 'sales'],
  ['3322', 'sales'],
  ['3323', 'procurement'],
  ['3324', 'sales'],
  ['3331', 'operations'],
  ['3332', 'marketing'],
  ['3333', 'hr'],
  ['3334', 'sales'],
  ['3339', 'sales'],
  ['351', 'engineering'],
  ['3512', 'support'],
  ['352', 'engineering'],
  ['4222', 'support'],
  ['4225', 'support'],
  ['4229', 'support'],
  ['431', 'finance'],
  ['432', 'operations'],
  ['4416', 'hr'],
  ['5222', 'sales'],
  ['5223', 'sales'],
  ['5242', 'sales'],
  ['5243', 'sales'],
  ['5244', 'sales'],
  ['5249', 'sales'],
]

const SOC_FUNCTION: Prefixes = [
  ['11-1011', 'executive'],
  ['11-1021', 'operations'],
  ['11-2011', 'marketing'],
  ['11-2021', 'marketing'],
  ['11-2022', 'sales'],
  ['11-2032', 'marketing'],
  ['11-2033', 'marketing'],
  ['11-3012', 'operations'],
  ['11-3013', 'operations'],
  ['11-3021', 'engineering'],
  ['11-3031', 'finance'],
  ['11-3051', 'operations'],
  ['11-3061', 'procurement'],
  ['11-3071', 'operations'],
  ['11-3111', 'hr'],
  ['11-3121', 'hr'],
  ['11-3131', 'hr'],
  ['11-9041', 'engineering'],
  ['13-102', 'procurement'],
  ['13-1041', 'legal'],
  ['13-107', 'hr'],
  ['13-1081', 'operations'],
  ['13-1121', 'marketing'],
  ['13-114', 'hr'],
  ['13-115', 'hr'],
  ['13-1161', 'marketing'],
  ['13-2', 'finance'],
  ['15-', 'engineering'],
  ['17-2', 'engineering'],
  ['17-3', 'engineering'],
  ['23-', 'legal'],
  ['27-3031', 'marketing'],
  ['41-1', 'sales'],
  ['41-2031', 'sales'],
  ['41-3', 'sales'],
  ['41-4', 'sales'],
  ['41-9', 'sales'],
  ['43-3', 'finance'],
  ['43-4051', 'support'],
  ['43-4161', 'hr'],
  ['43-5', 'operations'],
]

function byPrefix(table: Prefixes, code: string): JobFunction {
  let found: JobFunction = 'other'
  let length = 0
  for (const [prefix, fn] of table)
    if (code.startsWith(prefix) && prefix.length > length) {
      found = fn
      length = prefix.length
    }
  return found
}

// Sales-and-marketing manager groups mix both: the occupation's name decides.
const MARKETING_NAME = /market|advert|brand|promot|public relations|communicat/i

export function iscoFunction(isco: string, occupationName = ''): JobFunction {
  const fn = byPrefix(ISCO_FUNCTION, isco)
  if (isco.startsWith('1221') && MARKETING_NAME.test(occupationName)) return 'marketing'
  return fn
}

export function socFunction(soc: string): JobFunction {
  return byPrefix(SOC_FUNCTION, soc)
}

/** ISCO major group 1 is managers; 112 chief executives. Null where the group says nothing. */
export function iscoSeniority(isco: string): Seniority | null {
  if (isco.startsWith('112')) return 'c_level'
  if (isco.startsWith('1') || isco.startsWith('0')) return null
  return 'individual'
}

/** snapADDY departments; null for the ones our functions do not have one-to-one. */
export const SNAPADDY_DEPARTMENT: Readonly<Record<string, JobFunction | null>> = {
  'Information Technology': 'engineering',
  Sales: 'sales',
  'Business Development': 'sales',
  Marketing: 'marketing',
  Purchasing: 'procurement',
  'Human Resources': 'hr',
  'Customer Support': 'support',
  // Consulting, project management, administration and "other" span several of ours
  // (a CFO is "Other" there): not used to train, and not counted in the function figure.
  Consulting: null,
  'Project Management': null,
  Administrative: null,
  Other: null,
}

/** The six functions the snapADDY figure is measured on. */
export const SNAPADDY_FUNCTIONS: readonly JobFunction[] = [
  'engineering',
  'sales',
  'marketing',
  'procurement',
  'hr',
  'support',
]

/** For training: the closest band of ours. */
export const SNAPADDY_SENIORITY: Readonly<Record<string, Seniority>> = {
  Junior: 'individual',
  Professional: 'individual',
  Senior: 'individual',
  Lead: 'manager',
  Director: 'director',
  Management: 'c_level',
}

/**
 * For evaluation, lenient: the bands of ours a snapADDY label agrees with. Their
 * "Professional" covers plain "Sales Manager" and "Manager Production Planning" (a manager
 * title without reports); "Lead" covers team leads and heads of; "Management" is the
 * Geschäftsführer, CEO and Prokurist level.
 */
export const SNAPADDY_SENIORITY_LENIENT: Readonly<Record<string, readonly Seniority[]>> = {
  Junior: ['individual'],
  Professional: ['individual', 'manager'],
  Senior: ['individual'],
  Lead: ['manager', 'director'],
  Director: ['director', 'vp'],
  Management: ['c_level', 'vp'],
}
