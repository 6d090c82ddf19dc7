/**
 * The pages' icon: a rising line on the brand blue, as SVG so it stays sharp at every size and
 * needs no binary file. Served from our own origin, which the pages' `img-src 'self'` allows.
 */
export const FAVICON_SVG = [
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">',
  '<rect width="32" height="32" rx="6" fill="#0a58a8"/>',
  '<path d="M7 23l6-7 5 4 7-10" fill="none" stroke="#fff" stroke-width="3"',
  ' stroke-linecap="round" stroke-linejoin="round"/>',
  '</svg>',
].join('')
