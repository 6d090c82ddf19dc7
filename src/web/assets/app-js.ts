/**
 * The pages work without script; this only adds conveniences. Served from /assets/app.js so the
 * CSP can forbid inline script.
 */
export const APP_JS = `
'use strict';
// "/" jumps to the search field, as on many sites, unless the user is typing somewhere.
document.addEventListener('keydown', function (event) {
  if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
  var target = event.target;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
  var search = document.getElementById('q');
  if (search) { event.preventDefault(); search.focus(); }
});
`
