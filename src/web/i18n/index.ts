import { en, type MessageKey, type Messages, type PluralForms } from './en.ts'
import { pl } from './pl.ts'
import { ru } from './ru.ts'

import { LOCALES, type Locale } from '../../locales.ts'

export { LOCALES, type Locale }
export const DICTIONARIES: Record<Locale, Messages> = { en, pl, ru }
/** Each language named in itself, for the switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', pl: 'Polski', ru: 'Русский' }

export function isLocale(value: string | undefined): value is Locale {
  return value !== undefined && (LOCALES as readonly string[]).includes(value)
}

/** The best supported language of an Accept-Language header by q-value, else English. */
export function fromAcceptLanguage(header: string | undefined): Locale {
  if (!header) return 'en'
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean)
      return { primary: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q) : 1, index }
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return ranked.map((entry) => entry.primary).find(isLocale) ?? 'en'
}

export type Vars = Record<string, string | number>

/** Everything a page needs to speak one language: text, plurals, numbers and dates. */
export interface Translator {
  locale: Locale
  messages: Messages
  t(key: MessageKey, vars?: Vars): string
  /** A plural entry, choosing the form for `count` by the language's CLDR rules. */
  plural(key: MessageKey, count: number): string
  number(value: number, options?: Intl.NumberFormatOptions): string
  percent(share: number): string
  date(at: number | string): string
  dateTime(at: number): string
}

const fill = (template: string, vars: Vars = {}) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  )

export function translator(locale: Locale): Translator {
  const messages = DICTIONARIES[locale]
  const rules = new Intl.PluralRules(locale)
  const numbers = new Intl.NumberFormat(locale)
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' })
  const dateTimes = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  })
  const entry = (key: MessageKey) => messages[key] ?? en[key]
  return {
    locale,
    messages,
    t: (key, vars) => {
      const message = entry(key)
      return fill(typeof message === 'string' ? message : message.other, vars)
    },
    plural: (key, count) => {
      const message = entry(key)
      if (typeof message === 'string') return fill(message, { count: numbers.format(count) })
      const forms = message as PluralForms
      const form = forms[rules.select(count)] ?? forms.other
      return fill(form, { count: numbers.format(count) })
    },
    number: (value, options) =>
      options ? new Intl.NumberFormat(locale, options).format(value) : numbers.format(value),
    percent: (share) => percents.format(share),
    date: (at) => dates.format(typeof at === 'string' ? Date.parse(at) : at),
    dateTime: (at) => `${dateTimes.format(at)} UTC`,
  }
}

export type { MessageKey }
