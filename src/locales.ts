/** The languages the service speaks: page text, reasons, number formats. Imports nothing. */
export const LOCALES = ['en', 'pl', 'ru'] as const
export type Locale = (typeof LOCALES)[number]
