import type { Db } from './db.ts'

/**
 * The one case fold of filters and searches: full Unicode, so "PRODUKCJA PRZEMYSŁOWA" and
 * "ПРОИЗВОДСТВО" match their lower-case forms (SQLite's lower() folds ASCII only). Stored
 * columns (accounts.industry_folded) are written with it and parameters folded with it.
 */
export function foldText(text: string): string {
  return text.toLocaleLowerCase('und')
}

export function foldOrNull(text: string | null | undefined): string | null {
  return text == null ? null : foldText(text)
}

/** The same fold as the SQL function `fold_text`, for values kept inside JSON (topics). */
export function registerFold(db: Db): void {
  db.function('fold_text', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldText(value) : value,
  )
}
