/** The taxonomy as it is sent, stored and served. Imports nothing. */
export interface TaxonomyTopic {
  name: string
  category: string
  /** Words and phrases a reader or searcher would use, in any language. */
  keywords: string[]
  /** Globs over host + path: `*` is any run of characters (`g2.com/categories/crm*`). */
  urls: string[]
}

/** What a signal carries that can name its topic. */
export interface TopicEvidence {
  url?: string | null | undefined
  title?: string | null | undefined
  query?: string | null | undefined
}

export type EvidenceField = 'url' | 'title' | 'query'

/** The topic a signal's evidence matched, and why. */
export interface TopicMatch {
  topic: string
  category: string
  /** `url`: one of the topic's URL patterns; `keyword`: one of its keywords. */
  by: 'url' | 'keyword'
  field: EvidenceField
  /** The pattern or keyword, as written in the taxonomy. */
  matched: string
}
