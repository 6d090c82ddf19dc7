import shipped from './default-taxonomy.json' with { type: 'json' }
import type { TaxonomyTopic } from './types.ts'

/**
 * The taxonomy the service ships with: it applies until a PUT /v1/taxonomy replaces it, so an
 * upgrade that improves it reaches every database that never replaced it. A test validates it
 * with the PUT schema.
 */
export const DEFAULT_TAXONOMY: readonly TaxonomyTopic[] = shipped.topics
