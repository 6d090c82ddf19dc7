import { createHash } from 'node:crypto'
import { topicKey } from './topic-key.ts'
import { type KeywordHit, KeywordIndex } from './keywords.ts'
import type { EvidenceField, TaxonomyTopic, TopicEvidence, TopicMatch } from './types.ts'
import { UrlIndex, type UrlHit } from './url-index.ts'
import { urlTarget } from './url-pattern.ts'

/**
 * A taxonomy compiled for matching: pure, built once per version, shared by every signal.
 *
 * A signal's topic is the most specific match of its evidence:
 * 1. a URL pattern beats any keyword; between patterns, the one with more literal characters;
 * 2. between keywords: the phrase of more words; then one matched exactly over one matched
 *    through a stem; then the topic with more distinct keywords matched in all the evidence;
 *    then the longer phrase in characters; then title over query over URL path;
 * 3. a tie left after all that goes to the topic listed first.
 */
export interface CompiledTaxonomy {
  /** Identifies the content: equal versions, equal matching. */
  version: string
  topics: readonly TaxonomyTopic[]
  match(evidence: TopicEvidence): TopicMatch | null
  /** The category of a topic by its key (`topicKey`), or null when the taxonomy lacks it. */
  categoryOf(key: string): string | null
}

/** Categories are matched case-insensitively; the first spelling of one names it everywhere. */
export const categoryKey = (category: string) => topicKey(category)

const FIELDS: readonly EvidenceField[] = ['title', 'query', 'url']

type Candidate = KeywordHit

export function compileTaxonomy(topics: readonly TaxonomyTopic[]): CompiledTaxonomy {
  const keywords = new KeywordIndex()
  const urls = new UrlIndex()
  const spelling = new Map<string, string>()
  const byKey = new Map<string, string>()
  const categories: string[] = []
  topics.forEach((topic, index) => {
    for (const keyword of topic.keywords) keywords.add(index, keyword)
    for (const pattern of topic.urls) urls.add(index, pattern)
    const key = categoryKey(topic.category)
    if (!spelling.has(key)) spelling.set(key, topic.category)
    categories.push(spelling.get(key)!)
    if (!byKey.has(topicKey(topic.name))) byKey.set(topicKey(topic.name), categories[index]!)
  })
  const matchOf = (index: number, by: TopicMatch['by'], field: EvidenceField, matched: string) => ({
    topic: topics[index]!.name,
    category: categories[index]!,
    by,
    field,
    matched,
  })

  return {
    version: createHash('sha256').update(JSON.stringify(topics)).digest('hex').slice(0, 16),
    topics,
    categoryOf: (key) => byKey.get(key) ?? null,
    match(evidence) {
      const target = evidence.url ? urlTarget(evidence.url) : null
      if (target !== null) {
        const best = bestPattern(urls.find(target))
        if (best) return matchOf(best.topic, 'url', 'url', best.pattern.source)
      }
      const candidates: Candidate[] = []
      if (evidence.title) keywords.find(evidence.title, 0, candidates)
      if (evidence.query) keywords.find(evidence.query, 1, candidates)
      // The path's words (`/blog/data-warehouse-guide`) count as text; the host says little.
      if (target !== null) keywords.find(target.path, 2, candidates, true)
      const best = bestKeyword(candidates)
      return best
        ? matchOf(best.entry.topic, 'keyword', FIELDS[best.field]!, best.entry.source)
        : null
    },
  }
}

function bestPattern(hits: UrlHit[]): UrlHit | undefined {
  let best: UrlHit | undefined
  for (const hit of hits) {
    if (
      best === undefined ||
      hit.pattern.literals > best.pattern.literals ||
      (hit.pattern.literals === best.pattern.literals && hit.topic < best.topic)
    )
      best = hit
  }
  return best
}

/** Distinct keywords of the candidate's topic among all candidates (usually one or two). */
function distinctOfTopic(candidates: Candidate[], topic: number): number {
  const seen: string[] = []
  for (const { entry } of candidates)
    if (entry.topic === topic && !seen.includes(entry.source)) seen.push(entry.source)
  return seen.length
}

/** Positive when `a` is more specific than `b` (the order in the header). */
function compare(a: Candidate, b: Candidate, candidates: Candidate[]): number {
  const first = a.entry.words - b.entry.words || Number(a.exact) - Number(b.exact)
  if (first !== 0) return first
  const distinct =
    a.entry.topic === b.entry.topic
      ? 0
      : distinctOfTopic(candidates, a.entry.topic) - distinctOfTopic(candidates, b.entry.topic)
  return (
    distinct || a.entry.chars - b.entry.chars || b.field - a.field || b.entry.topic - a.entry.topic
  )
}

function bestKeyword(candidates: Candidate[]): Candidate | undefined {
  if (candidates.length < 2) return candidates[0]
  let best = candidates[0]
  for (let i = 1; i < candidates.length; i++)
    if (compare(candidates[i]!, best!, candidates) > 0) best = candidates[i]
  return best
}
