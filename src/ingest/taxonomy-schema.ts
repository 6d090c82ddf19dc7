import { z } from 'zod'
import { foldedWords } from '../taxonomy/fold.ts'
import { patternParts, patternProblem } from '../taxonomy/url-pattern.ts'
import type { TaxonomyTopic } from '../taxonomy/types.ts'
import { text, topicField } from './fields.ts'
import { topicKey } from '../taxonomy/topic-key.ts'

/** The limits of a taxonomy (PUT /v1/taxonomy), each refused with its path. */
export const TAXONOMY_LIMITS = {
  topics: 5000,
  keywords: 100,
  urls: 50,
  keywordLength: 100,
  keywordWords: 10,
  urlLength: 300,
  categoryLength: 100,
} as const

const L = TAXONOMY_LIMITS

const keywordField = text(L.keywordLength).superRefine((keyword, ctx) => {
  const count = foldedWords(keyword).length
  if (keyword === '') return
  if (count === 0) ctx.addIssue({ code: 'custom', message: 'must contain a letter or a digit' })
  else if (count > L.keywordWords)
    ctx.addIssue({ code: 'custom', message: `must have at most ${L.keywordWords} words` })
})

const urlPatternField = text(L.urlLength)
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern)
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
  })
  .meta({
    description:
      'A glob over host + path, `*` any run of characters: `g2.com/categories/crm*`, `*.vendor.com/pricing*`.',
  })

/** Within one topic a keyword or pattern said twice is said once. */
const distinctBy = (key: (value: string) => string) => (values: string[]) => {
  const seen = new Set<string>()
  return values.filter((value) => {
    const k = key(value)
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
const keywordKey = (keyword: string) => foldedWords(keyword).join(' ')
const patternKey = (pattern: string) => {
  const { host, path } = patternParts(pattern)
  return `${host}${path}`
}

const taxonomyTopic = z
  .strictObject({
    name: topicField,
    category: text(L.categoryLength).meta({
      description: 'Stored as given; matched case-insensitively.',
      example: 'Data & Analytics',
    }),
    keywords: z
      .array(keywordField)
      .max(L.keywords, `must list at most ${L.keywords} keywords`)
      .meta({
        description:
          'Words or phrases in any language, matched as whole words, case-, diacritic- and inflection-tolerant.',
        example: ['data warehouse', 'hurtownia danych', 'хранилище данных', 'Data-Warehouse'],
      }),
    urls: z
      .array(urlPatternField)
      .max(L.urls, `must list at most ${L.urls} URL patterns`)
      .meta({ example: ['g2.com/categories/data-warehouse*'] }),
  })
  .meta({ id: 'TaxonomyTopic' })

type Kind = 'name' | 'keyword' | 'url'

/** A topic name, keyword or URL pattern claimed by two topics: an issue at the second. */
function oneOwnerEach(topics: z.output<typeof taxonomyTopic>[], ctx: z.RefinementCtx): void {
  const owners: Record<Kind, Map<string, number>> = {
    name: new Map(),
    keyword: new Map(),
    url: new Map(),
  }
  const claim = (
    kind: Kind,
    key: string,
    index: number,
    path: (string | number)[],
    what: string,
  ) => {
    const owner = owners[kind].get(key)
    if (owner === undefined) owners[kind].set(key, index)
    else if (owner !== index)
      ctx.addIssue({
        code: 'custom',
        path: [index, ...path],
        message: `${what} is already used by topics[${owner}] ('${topics[owner]!.name}')`,
      })
  }
  for (const [index, topic] of topics.entries()) {
    claim('name', topicKey(topic.name), index, ['name'], 'this name')
    for (const [k, keyword] of topic.keywords.entries())
      claim('keyword', keywordKey(keyword), index, ['keywords', k], `the keyword '${keyword}'`)
    for (const [u, url] of topic.urls.entries())
      claim('url', patternKey(url), index, ['urls', u], `the URL pattern '${url}'`)
  }
}

/**
 * The whole taxonomy, replaced at once. Besides each field's rules, a topic name, a keyword or
 * a URL pattern may belong to one topic only: which of two topics a keyword means would be
 * a guess.
 */
export const taxonomySchema = z
  .strictObject({
    topics: z
      .array(taxonomyTopic)
      .max(L.topics, `must list at most ${L.topics} topics`)
      .superRefine(oneOwnerEach),
  })
  // Checked on what was sent, so that every path points into the body as written.
  .transform((body): { topics: TaxonomyTopic[] } => ({
    topics: body.topics.map((topic) => ({
      ...topic,
      keywords: distinctBy(keywordKey)(topic.keywords),
      urls: distinctBy(patternKey)(topic.urls),
    })),
  }))
  .meta({ id: 'TaxonomyInput' })

export type TaxonomyInput = z.output<typeof taxonomySchema>
