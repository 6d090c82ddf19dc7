import { type PlacedBar, pairedBars } from '../charts/bars.ts'
import type { Translator } from '../i18n/index.ts'
import { ChartData, numeric, TableHead } from './tables.tsx'

// Close to the panel's real width, so the labels render near their CSS size.
const LAYOUT = { width: 480, labelWidth: 170, rowHeight: 38, barHeight: 13 }
const MAX_LABEL = 22
/** Room above the rows for the key, and below them for the axis title. */
const KEY_HEIGHT = 24
const AXIS_HEIGHT = 20

export interface TopicBar {
  topic: string
  /** The topic's taxonomy category; null when it has none. */
  category: string | null
  recent: number
  expected: number
  surge: number
}

const shorten = (text: string) =>
  text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text

/** The key inside the picture, so a copy of the SVG alone still says which bar is which. */
function ChartKey({ tr }: { tr: Translator }) {
  const x = LAYOUT.labelWidth
  return (
    <g data-key>
      <rect class="key-recent" x={x} y={5} width={12} height={10} />
      <text class="label" x={x + 16} y={14}>
        {tr.t('chart.recent')}
      </text>
      <rect class="key-expected" x={x + 130} y={5} width={12} height={10} />
      <text class="label" x={x + 146} y={14}>
        {tr.t('chart.expected')}
      </text>
    </g>
  )
}

/** One bar, with a tooltip that names what it measures and its value. */
function Bar(props: { kind: string; bar: PlacedBar; name: string; value: (n: number) => string }) {
  const { kind, bar, name, value } = props
  return (
    <rect class={kind} x={bar.x} y={bar.y} width={bar.width} height={bar.height}>
      <title>{`${name}: ${value(bar.value)}`}</title>
    </rect>
  )
}

/** Surging topics: recent activity against what the baseline predicts, on one shared scale. */
export function BarChart({ tr, topics }: { tr: Translator; topics: TopicBar[] }) {
  if (topics.length === 0) return <p data-empty="true">{tr.t('account.noTopics')}</p>
  const chart = pairedBars(
    topics.map((t) => ({ label: t.topic, primary: t.recent, secondary: t.expected })),
    LAYOUT,
  )
  const height = KEY_HEIGHT + chart.height + AXIS_HEIGHT
  // A label's tooltip names the category too: the bar has no room for it.
  const rows = chart.rows.map((row, index) => {
    const category = topics[index]!.category
    return { ...row, title: category === null ? row.label : `${row.label} (${category})` }
  })
  const one = (value: number) => tr.number(value, { maximumFractionDigits: 1 })
  return (
    <figure class="chart-figure" data-chart="bars">
      <svg
        class="chart bars"
        viewBox={`0 0 ${LAYOUT.width} ${height}`}
        role="img"
        aria-labelledby="bars-title bars-desc"
      >
        <title id="bars-title">{tr.t('chart.bars.title')}</title>
        <desc id="bars-desc">{tr.t('chart.bars.desc')}</desc>
        <ChartKey tr={tr} />
        <g transform={`translate(0 ${KEY_HEIGHT})`}>
          {rows.map((row) => (
            <g>
              <text class="label" x={LAYOUT.labelWidth - 8} y={row.labelY} text-anchor="end">
                <title>{row.title}</title>
                {shorten(row.label)}
              </text>
              <Bar kind="recent" bar={row.primary} name={tr.t('chart.recent')} value={one} />
              <Bar kind="expected" bar={row.secondary} name={tr.t('chart.expected')} value={one} />
              <text x={row.primary.x + row.primary.width + 4} y={row.primary.y + 11}>
                {one(row.primary.value)}
              </text>
              <text
                class="expected-value"
                x={row.secondary.x + row.secondary.width + 4}
                y={row.secondary.y + 11}
              >
                {one(row.secondary.value)}
              </text>
            </g>
          ))}
        </g>
        <text
          class="axis-title"
          x={LAYOUT.width - 8}
          y={height - 6}
          text-anchor="end"
          data-axis="activity"
        >
          {tr.t('chart.axis.activity')}
        </text>
      </svg>
      <ChartData tr={tr}>
        <TableHead
          tr={tr}
          columns={[
            'board.topic',
            'chart.category',
            numeric('chart.recent'),
            numeric('chart.expected'),
            numeric('chart.surge'),
          ]}
        />
        <tbody>
          {topics.map((t) => (
            <tr>
              <th scope="row">
                <a href={`/topics/${encodeURIComponent(t.topic)}`}>{t.topic}</a>
              </th>
              <td data-category={t.category ?? ''}>{t.category ?? '–'}</td>
              <td class="num">{one(t.recent)}</td>
              <td class="num">{one(t.expected)}</td>
              <td class="num">{tr.number(Math.round(t.surge))}</td>
            </tr>
          ))}
        </tbody>
      </ChartData>
    </figure>
  )
}
