import { phraseReason } from '../../scoring/reasons/index.ts'
import type { Translator } from '../i18n/index.ts'

export interface ReasonItem {
  factor: string
  contribution: number
  /** English, from the scoring code; shown when `params` is missing (scores stored earlier). */
  text: string
  params?: { variant: string; values: Record<string, string | number> }
}

/** A reason's sentence in the page's language: the same catalogue the API's `text` comes from. */
export function reasonSentence(tr: Translator, reason: ReasonItem): string {
  if (!reason.params) return reason.text
  return phraseReason(tr.locale, { ...reason, params: reason.params })
}
