/**
 * Russian Cyrillic to Latin as people type it in CVs and LinkedIn ("menedzher po prodazham",
 * "glavnyi bukhgalter"): the common practical spelling (close to BGN/PCGN without diacritics),
 * used to give the model transliterated copies of Cyrillic training titles. Folded input
 * (lower case, ё already е).
 */
const LETTERS: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
}

export function transliterate(folded: string): string {
  let out = ''
  for (const ch of folded) out += LETTERS[ch] ?? ch
  // "-ый"/"-ий" endings are typed "-yi", "-iy" or "-y": keep one spelling.
  return out.replace(/yy\b/g, 'y').replace(/iy\b/g, 'y')
}
