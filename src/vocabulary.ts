/**
 * Enums everything may import; this module imports nothing. (The rest of the vocabulary still
 * lives beside its first user; labels and stages are here because the API, the pages and the
 * store all list them.)
 */

/** In-market labels, hottest first. */
export const LABELS = ['hot', 'warm', 'cold'] as const
export type Label = (typeof LABELS)[number]

/** Buying stages, in the order an account moves through them; `none` has no activity. */
export const STAGES = ['awareness', 'consideration', 'decision', 'purchase', 'none'] as const
export type Stage = (typeof STAGES)[number]
