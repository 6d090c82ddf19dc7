import type { Principal } from '../domain/keys.ts'
import type { Translator } from './i18n/index.ts'

/** What the page middleware puts on the context for the handlers. */
export type WebEnv = {
  Variables: {
    requestId: string
    principal: Principal
    tr: Translator
  }
}
