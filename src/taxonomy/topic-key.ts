/**
 * How topics are keyed, on its own so that pure code (the taxonomy matcher) can use the same
 * rule as ingest without importing the domain parser. Imports nothing.
 */

/** Topics match case- and whitespace-insensitively; the label keeps the first spelling seen. */
export function topicKey(label: string): string {
  return topicLabel(label).toLowerCase()
}

export function topicLabel(raw: string): string {
  return raw.normalize('NFKC').trim().replace(/\s+/g, ' ')
}
