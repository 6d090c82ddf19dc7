import { z } from 'zod'

export const TaxonomySchema = z
  .object({
    topics: z.array(
      z.object({
        name: z.string(),
        category: z.string(),
        keywords: z.array(z.string()),
        urls: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'Taxonomy' })

/** How a topic-less signal gets a topic: said in both operations' descriptions. */
export const MATCHING =
  'A signal sent without a `topic` gets the topic its `url` (a URL pattern over host + path), ' +
  '`title` or `query` (a keyword, as whole words, case-, diacritic- and inflection-tolerant) names; ' +
  'the most specific match wins (docs/scoring.md §10).'
