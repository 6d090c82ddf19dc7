import type { Locale } from '../../locales.ts'

/** Plural forms by CLDR category; `other` is always there. */
export type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }

/** Numbers, plurals, lists and country names in one language. */
export interface Formatter {
  locale: Locale
  number(value: number, digits?: number): string
  percent(whole: number): string
  /** The plural form for `count`, with `{count}` filled in. */
  plural(forms: Plural, count: number): string
  list(items: string[]): string
  region(code: string): string
}

// Module-level on purpose: formatters per locale are a memo of a pure function of a constant
// (the locale), keyed on no store, configuration or context; sharing them changes no answer.
const formatters = new Map<Locale, Formatter>()

export function formatterFor(locale: Locale): Formatter {
  let formatter = formatters.get(locale)
  if (!formatter) {
    formatter = createFormatter(locale)
    formatters.set(locale, formatter)
  }
  return formatter
}

function createFormatter(locale: Locale): Formatter {
  const rules = new Intl.PluralRules(locale)
  const byDigits = new Map<number, Intl.NumberFormat>()
  const numbers = (digits: number) => {
    let format = byDigits.get(digits)
    if (!format) {
      format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })
      byDigits.set(digits, format)
    }
    return format
  }
  const percents = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 })
  const lists = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' })
  const regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' })
  return {
    locale,
    number: (value, digits = 0) => numbers(digits).format(value),
    percent: (whole) => percents.format(whole / 100),
    plural: (forms, count) =>
      (forms[rules.select(count)] ?? forms.other).replaceAll('{count}', numbers(1).format(count)),
    list: (items) => lists.format(items),
    region: (code) => {
      try {
        return /^[A-Z]{2}$/.test(code) ? (regions.of(code) ?? code) : code
      } catch {
        return code
      }
    },
  }
}
