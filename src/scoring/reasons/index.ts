import { type CommitteeRole, SIGNAL_TYPES, type SignalType } from '../../vocabulary.ts'
/**
 * The one home of every reason's wording. The API's `text` is `phraseReason('en', …)`; the
 * pages call the same function in the reader's language. A reason carries its numbers
 * (`params`), so a stored score can be phrased again in any language.
 */
import type { Locale } from '../../locales.ts'
import { COUNTED_GROUPS, NO_VALUE } from '../feature-record.ts'
import { FEATURES, type FeatureName } from '../features.ts'
import {
  KNOWN_INDUSTRIES,
  type KnownIndustry,
  type ReasonCatalogue,
  type SentenceContext,
} from './catalogue.ts'
import { en } from './en.ts'
import { formatterFor } from './format.ts'
import type { ReasonParams } from './params.ts'
import { pl } from './pl.ts'
import { ru } from './ru.ts'

export { intentParams, type ReasonParams, termParams } from './params.ts'
export type { ReasonCatalogue } from './catalogue.ts'

export const CATALOGUES: Record<Locale, ReasonCatalogue> = { en, pl, ru }

/** Whether a contribution moves the score: a rounded zero neither raises nor lowers it. */
export type Effect = 'raises' | 'lowers' | 'none'

export function effectOf(contribution: number): Effect {
  const rounded = Math.round(contribution * 1000) / 1000
  if (rounded > 0) return 'raises'
  if (rounded < 0) return 'lowers'
  return 'none'
}

export interface PhrasedReason {
  factor: string
  contribution: number
  params: ReasonParams
}

const isIntent = (factor: string): factor is FeatureName =>
  (FEATURES as readonly string[]).includes(factor)

const typeOf = (factor: string): SignalType | null => {
  const type = factor.slice(factor.indexOf('.') + 1)
  return (SIGNAL_TYPES as readonly string[]).includes(type) ? (type as SignalType) : null
}

/** The factor's name in a language: "Strongest topic", "Web visits", "Lead Source". */
export function factorTitle(locale: Locale, factor: string): string {
  const catalogue = CATALOGUES[locale]
  if (isIntent(factor)) return catalogue.intentTitles[factor]
  const type = typeOf(factor)
  if (factor.startsWith('signals.') && type) return catalogue.typeTitles[type]
  if (factor.startsWith('minutes.') && type) return catalogue.minutesTitle(type)
  if (factor.startsWith('attr.')) return factor.slice('attr.'.length)
  return catalogue.groupTitles[factor as keyof ReasonCatalogue['groupTitles']] ?? factor
}

const isKnownIndustry = (key: string): key is KnownIndustry =>
  (KNOWN_INDUSTRIES as readonly string[]).includes(key)

/**
 * An industry as a reader sees it: a known code in the language's words, whatever its case or
 * separators ("professional_services", "Professional Services"); another code with its
 * underscores read as spaces ("financial_services" → "Financial services"); any other text as
 * the account has it.
 */
export function industryName(locale: Locale, industry: string): string {
  const trimmed = industry.trim()
  const key = trimmed.toLowerCase().replace(/[\s-]+/g, '_')
  if (isKnownIndustry(key)) return CATALOGUES[locale].industries[key]
  if (/^[a-z0-9]+(?:_[a-z0-9]+)+$/.test(trimmed)) {
    const words = trimmed.replaceAll('_', ' ')
    return words.charAt(0).toUpperCase() + words.slice(1)
  }
  return industry
}

/** Which sentence family a factor's params belong to. */
function sentenceKey(factor: string, variant: string): string {
  if (isIntent(factor)) return `${factor}.${variant}`
  if (factor.startsWith('signals.')) return 'signals.count'
  if (factor.startsWith('minutes.')) return 'minutes.minutes'
  if (COUNTED_GROUPS.has(factor)) return `counted.${variant}`
  if (variant === 'value' || variant === 'missing') return `number.${variant}`
  return `category.${variant}`
}

/** A level as a reader sees it: a country's name, a size band with its unit, an action's type. */
function levelText(locale: Locale, factor: string, level: string): string {
  const catalogue = CATALOGUES[locale]
  const f = formatterFor(locale)
  if (level === NO_VALUE || level === 'unknown') return catalogue.notRecorded
  switch (factor) {
    case 'country':
      return f.region(level.toUpperCase())
    case 'industry':
      return industryName(locale, level)
    case 'size':
      return catalogue.employees(level.replace('-', '–'))
    case 'revenue':
      return `${level.replace('-', '–')} USD`
    case 'action': {
      const colon = level.indexOf(':')
      const type = level.slice(0, colon) as SignalType
      const name = catalogue.typeNames[type]
      return name ? `${level.slice(colon + 1)} (${name.toLowerCase()})` : level
    }
    default:
      return level
  }
}

/** A reason's sentence in a language, from its factor, contribution and numbers. */
export function phraseReason(locale: Locale, reason: PhrasedReason): string {
  const catalogue = CATALOGUES[locale]
  const f = formatterFor(locale)
  const key = sentenceKey(reason.factor, reason.params.variant)
  const sentence = catalogue.sentences[key] ?? en.sentences[key]
  const context: SentenceContext = {
    f,
    title: factorTitle(locale, reason.factor),
    effect: catalogue.effects[effectOf(reason.contribution)],
    level: (level) => levelText(locale, reason.factor, level),
    roles: (list) =>
      list
        .split('|')
        .filter(Boolean)
        .map((role) => catalogue.roles[role as CommitteeRole] ?? role.replaceAll('_', ' '))
        .join(', '),
  }
  if (!sentence) return `${context.title}: ${context.effect}.`
  return sentence(reason.params.values, context)
}
