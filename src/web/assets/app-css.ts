/**
 * The pages' only stylesheet, served from /assets/app.css so the CSP needs no inline style.
 * Colours meet WCAG AA (4.5:1 for text) on their backgrounds; focus is always visible.
 */
export const APP_CSS = `
:root { --ink: #1b1f24; --muted: #4f5863; --line: #c9d1da; --bg: #ffffff; --panel: #f4f6f9;
  --brand: #0a58a8; --brand-ink: #ffffff; --focus: #0a58a8; --bad: #a1221b;
  --hot-bg: #fde8e7; --hot-ink: #8a1c16; --warm-bg: #fff1cc; --warm-ink: #5f4500;
  --cold-bg: #e5edf7; --cold-ink: #1d3d63; --recent: #0a58a8; --expected: #8b96a3; --score: #0a58a8; --activity: #b4480f; }
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  background: var(--bg); overflow-wrap: anywhere; }
a { color: var(--brand); }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: 0.5rem; top: -3rem; background: var(--brand); color: var(--brand-ink);
  padding: 0.5rem 1rem; z-index: 10; border-radius: 4px; }
.skip:focus { top: 0.5rem; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
header.top { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: center; justify-content: space-between;
  padding: 0.75rem 1rem; border-bottom: 1px solid var(--line); background: var(--panel); }
header.top .brand { font-weight: 700; font-size: 1.15rem; color: var(--ink); text-decoration: none; }
header.top nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; margin: 0; padding: 0; list-style: none; align-items: center; }
.langs { display: flex; gap: 0.5rem; }
.langs a[aria-current] { font-weight: 700; color: var(--ink); text-decoration: none; }
main { max-width: 75rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 0 0 0.75rem; }
.muted { color: var(--muted); }
button, .button { font: inherit; padding: 0.45rem 1rem; border-radius: 4px; border: 1px solid var(--brand);
  background: var(--brand); color: var(--brand-ink); cursor: pointer; text-decoration: none; display: inline-block; }
button.link { background: none; border: none; color: var(--brand); padding: 0; text-decoration: underline; }
input, select { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #6b7580; border-radius: 4px;
  background: #fff; color: var(--ink); width: 100%; min-width: 0; }
label { display: block; font-weight: 600; margin-bottom: 0.2rem; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 1rem; min-width: 0; }
.filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 11rem), 1fr)); gap: 0.75rem; align-items: end; }
.filters .wide { grid-column: 1 / -1; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; }
.errors { border: 2px solid var(--bad); color: var(--bad); background: #fff; border-radius: 6px; padding: 0.75rem 1rem; margin-bottom: 1rem; }
.field-error { color: var(--bad); font-size: 0.9rem; margin: 0.2rem 0 0; }
input[aria-invalid="true"] { border-color: var(--bad); border-width: 2px; }
/* Tables size their columns from their content, so no word is broken to squeeze a column: a
   cell is never narrower than its longest word (the body's overflow-wrap would allow that, and
   Chromium lets even break-word squeeze table cells), and .table-scroll lets a table wider than
   the screen scroll inside it, not the page. The phone layout below breaks long words again. */
.table-scroll { overflow-x: auto; max-width: 100%; }
table { width: 100%; border-collapse: collapse; overflow-wrap: normal; }
td.word, .badge { white-space: nowrap; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { text-align: left; padding: 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 0.9rem; color: var(--muted); overflow-wrap: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.85rem; font-weight: 600; }
.badge.hot { background: var(--hot-bg); color: var(--hot-ink); }
.badge.warm { background: var(--warm-bg); color: var(--warm-ink); }
.badge.cold { background: var(--cold-bg); color: var(--cold-ink); }
.chips { display: flex; flex-wrap: wrap; gap: 0.25rem; margin: 0; padding: 0; list-style: none; }
.chips li { background: #fff; border: 1px solid var(--line); border-radius: 4px; padding: 0 0.4rem; font-size: 0.9rem; }
meter { width: 5rem; }
.pager { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; justify-content: space-between; margin-top: 1rem; }
.summary { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: baseline; }
.score-big { font-size: 2.5rem; font-weight: 700; line-height: 1; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr)); gap: 1rem; margin-top: 1rem; }
.grid .full { grid-column: 1 / -1; }
.reasons { list-style: none; margin: 0; padding: 0; }
.reasons li { display: grid; grid-template-columns: 1.5rem 1fr; gap: 0.5rem; padding: 0.4rem 0; border-bottom: 1px solid var(--line); }
.reasons .sign { font-weight: 700; text-align: center; }
.reasons .up { color: #17603a; }
.reasons .down { color: var(--bad); }
.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 3px solid var(--line); }
.timeline li { margin: 0 0 0.75rem; position: relative; }
.timeline li::before { content: ""; position: absolute; left: -1.45rem; top: 0.45rem; width: 0.65rem; height: 0.65rem;
  border-radius: 50%; background: var(--brand); }
.roles { display: flex; flex-wrap: wrap; gap: 0.4rem; list-style: none; margin: 0 0 0.75rem; padding: 0; }
.roles li { border-radius: 4px; padding: 0.1rem 0.5rem; font-size: 0.9rem; border: 1px solid var(--line); background: #fff; }
.roles li.missing { border: 2px dashed var(--bad); color: var(--bad); }
dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.3rem 1rem; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart text { font: 12px system-ui, sans-serif; fill: var(--muted); }
svg.chart .label { fill: var(--ink); }
svg.chart .axis-title { font-weight: 600; }
svg.chart .axis-score { fill: var(--score); }
svg.chart .axis-activity { fill: var(--activity); }
svg.chart.bars .expected-value { font-size: 11px; }
svg.chart.bars text { font-size: 13px; }
figure.chart-figure { margin: 0; }
svg.chart .grid-line { stroke: var(--line); stroke-width: 1; }
svg.chart .score { stroke: var(--score); stroke-width: 2.5; fill: none; }
svg.chart .activity { stroke: var(--activity); stroke-width: 1.5; fill: none; stroke-dasharray: 4 3; }
svg.chart .recent, svg.chart .key-recent { fill: var(--recent); }
svg.chart .expected, svg.chart .key-expected { fill: var(--expected); }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; margin: 0.5rem 0 0; padding: 0; list-style: none; font-size: 0.9rem; }
.legend .key { display: inline-block; width: 1rem; height: 0.6rem; margin-right: 0.35rem; vertical-align: middle; }
.key.score, .key.recent { background: var(--score); }
.key.activity { background: var(--activity); }
.key.expected { background: var(--expected); }
details.data { margin-top: 0.5rem; }
.signin { max-width: 26rem; margin: 2rem auto; }
.signin form { display: grid; gap: 0.75rem; }
@media (max-width: 44rem) {
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.cards tr { border: 1px solid var(--line); border-radius: 6px; margin-bottom: 0.75rem; padding: 0.25rem 0.5rem; }
  /* The column headings become each value's label: wide enough for the longest heading word
     of the three languages (Zaangażowane, Соответствие), which never breaks; values may. */
  table.cards td { border: none; padding: 0.25rem 0; display: grid; grid-template-columns: 8.75rem 1fr; gap: 0.5rem; text-align: left;
    overflow-wrap: anywhere; }
  table.cards td::before { content: attr(data-label); font-weight: 600; color: var(--muted); overflow-wrap: normal; }
  table.cards td > .badge { justify-self: start; }
  .score-big { font-size: 2rem; }
}
@media (prefers-reduced-motion: no-preference) { .skip { transition: top 0.1s; } }
`
