import { topicKey } from '../taxonomy/topic-key.ts'
import type { TaxonomyInput } from '../ingest/taxonomy-schema.ts'
import type { Store } from '../store/index.ts'
import { DEFAULT_TAXONOMY } from '../taxonomy/default.ts'
import { type CompiledTaxonomy, compileTaxonomy } from '../taxonomy/match.ts'
import type { TaxonomyTopic } from '../taxonomy/types.ts'
import type { Ctx } from './context.ts'

/**
 * The compiled taxonomy of a process, owned by the composition root. Compiling takes tens of
 * milliseconds, so it happens once per version; `refresh` reads one row to learn whether
 * another process (or this one) stored a new taxonomy since.
 */
export interface TaxonomyCache {
  /** The taxonomy last read: what validation derives topics with, synchronously. */
  current(): CompiledTaxonomy
  /** Reads which taxonomy is stored, recompiling when it changed. */
  refresh(): Promise<CompiledTaxonomy>
  /** Takes a taxonomy this process just stored. */
  accept(stored: CompiledTaxonomy): void
}

export function taxonomyCache(store: Store): TaxonomyCache {
  let shipped: CompiledTaxonomy | null = null
  const shippedTaxonomy = () => {
    shipped ??= compileTaxonomy(DEFAULT_TAXONOMY)
    return shipped
  }
  let current: CompiledTaxonomy | null = null
  return {
    current: () => current ?? shippedTaxonomy(),
    async refresh() {
      const state = await store.taxonomy.state()
      if (!state.custom) current = shippedTaxonomy()
      else if (current === null || current === shipped || current.version !== state.version)
        current = compileTaxonomy(await store.taxonomy.topics())
      return current
    },
    accept(stored) {
      current = stored
    },
  }
}

/** The taxonomy that applies: the stored one, or the default until one is stored. */
export async function getTaxonomy(ctx: Ctx): Promise<{ topics: TaxonomyTopic[] }> {
  const taxonomy = await ctx.taxonomy.refresh()
  return { topics: [...taxonomy.topics] }
}

/**
 * Replaces the taxonomy whole. Stored signals keep the topics they have; `intent retopic`
 * derives topics for the topic-less ones with the new taxonomy.
 */
export async function putTaxonomy(
  ctx: Ctx,
  input: TaxonomyInput,
): Promise<{ topics: TaxonomyTopic[] }> {
  const compiled = compileTaxonomy(input.topics)
  const items = input.topics.map((topic) => ({ key: topicKey(topic.name), topic }))
  await ctx.store.taxonomy.replace(items, compiled.version, ctx.clock.now())
  ctx.taxonomy.accept(compiled)
  return { topics: input.topics }
}

/** The topic a signal's evidence names under the current taxonomy: the ingest schemas' deriver. */
export function taxonomyTopic(ctx: Ctx) {
  return (evidence: Parameters<CompiledTaxonomy['match']>[0]) =>
    ctx.taxonomy.current().match(evidence)?.topic ?? null
}
