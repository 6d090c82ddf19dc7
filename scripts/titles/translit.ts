/**
 * Russian Cyrillic to Latin as people type it in CVs and LinkedIn ("menedzher po prodazham",
 * "glavnyi bukhgalter"): the common practical spelling (close to BGN/PCGN without diacritics),
 * used to give the model transliterated copies of Cyrillic training titles. Folded input
 * (lower case, ё already е). The letters are the fixtures' e-mail romanisation.
 */
import { CYRILLIC_TO_LATIN } from '../../src/demo/text.ts'

export function transliterate(folded: string): string {
  let out = ''
  for (const ch of folded) out += CYRILLIC_TO_LATIN[ch] ?? ch
  // "-ый"/"-ий" endings are typed "-yi", "-iy" or "-y": keep one spelling.
  return out.replace(/yy\b/g, 'y').replace(/iy\b/g, 'y')
}
