import { existsSync } from 'node:fs'

/** Debian's Chromium, which the browser tests drive through playwright-core. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export type BrowserPlan = 'run' | 'skip' | 'fail'

/**
 * Whether the browser tests run: with Chromium installed, yes; without it, a developer's
 * `npm test` skips them (with a notice), but CI must not pass without them, so there they run
 * and fail on the missing browser.
 */
export function browserPlan(
  env: Record<string, string | undefined>,
  installed: (path: string) => boolean = existsSync,
  path = CHROMIUM,
): BrowserPlan {
  if (installed(path)) return 'run'
  return /^(true|1)$/i.test(env.CI ?? '') ? 'fail' : 'skip'
}

export function missingNotice(path = CHROMIUM): string {
  return `Browser tests skipped: ${path} is missing (apt-get install chromium). Under CI=true this fails instead.`
}
