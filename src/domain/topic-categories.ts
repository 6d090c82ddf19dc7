import type { CompiledTaxonomy } from '../taxonomy/match.ts'
import { topicKey } from '../taxonomy/topic-key.ts'
import type { Ctx } from './context.ts'

/**
 * The category of each topic in the current taxonomy, by topic id: null for a topic the
 * taxonomy does not list (one a sender named), or an id that is not a topic. Categories are
 * matched case-insensitively; each is spelled as its first topic in the taxonomy spells it,
 * so equal strings mean one category.
 */
export async function topicCategories(
  ctx: Ctx,
  topicIds: Iterable<number>,
): Promise<Map<number, string | null>> {
  const ids = [...new Set(topicIds)]
  const taxonomy = await ctx.taxonomy.refresh()
  const labels = await ctx.store.topics.labels(ids)
  const categories = new Map<number, string | null>()
  for (const id of ids) {
    const label = labels.get(id)
    categories.set(id, label === undefined ? null : taxonomy.categoryOf(topicKey(label)))
  }
  return categories
}

/**
 * The categories a score surges on, for the `category` filter: its pooled surging categories
 * (strongest first, as the intent lists them) and then its surging topics' categories in the
 * taxonomy, each once. Stored with the score (migration 0023) because the store cannot map a
 * topic to its category.
 */
export function surgingCategoriesOf(
  taxonomy: Pick<CompiledTaxonomy, 'categoryOf'>,
  surgingTopics: readonly string[],
  pooled: readonly string[],
): string[] {
  const categories = new Set(pooled)
  for (const topic of surgingTopics) {
    const category = taxonomy.categoryOf(topicKey(topic))
    if (category !== null) categories.add(category)
  }
  return [...categories]
}
