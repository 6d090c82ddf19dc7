import { lineGeometry, type Plot, plotArea, xPositions } from '../charts/line.ts'
import type { Translator } from '../i18n/index.ts'
import { ChartData, numeric, TableHead } from './tables.tsx'

// The side margins hold each axis's ticks and its title, turned along the axis.
const PLOT: Plot = { width: 640, height: 240, margin: { top: 12, right: 62, bottom: 30, left: 58 } }
const TITLE_INSET = 14

export interface LineChartProps {
  tr: Translator
  /** ISO days, oldest first; `scores` and `signals` have one entry per day. */
  days: string[]
  scores: (number | null)[]
  signals: number[]
}

/**
 * Which axis belongs to which line: each title is in its series' colour, like its ticks, and
 * reads along its axis (rotated about its own anchor, so x and y are swapped and signed).
 */
function AxisTitles({ tr, middle }: { tr: Translator; middle: number }) {
  return (
    <g data-axis-titles>
      <text
        class="axis-title axis-score"
        transform="rotate(-90)"
        x={-middle}
        y={TITLE_INSET}
        text-anchor="middle"
        data-axis="score"
      >
        {tr.t('chart.axis.score')}
      </text>
      <text
        class="axis-title axis-activity"
        transform="rotate(90)"
        x={middle}
        y={-(PLOT.width - TITLE_INSET)}
        text-anchor="middle"
        data-axis="signals"
      >
        {tr.t('chart.axis.signals')}
      </text>
    </g>
  )
}

/** Score (left axis, 0–100) and daily signals (right axis) over the same days, as inline SVG. */
export function LineChart({ tr, days, scores, signals }: LineChartProps) {
  const hasData = scores.some((s) => s !== null) || signals.some((n) => n > 0)
  const area = plotArea(PLOT)
  const score = lineGeometry({ values: scores, max: 100 }, PLOT)
  const activity = lineGeometry({ values: signals }, PLOT)
  const xs = xPositions(days.length, PLOT)
  const present = scores.filter((s): s is number => s !== null)
  const summary = hasData
    ? tr.t('chart.summary', {
        first: present[0] ?? '–',
        last: present.at(-1) ?? '–',
        max: present.length ? Math.max(...present) : '–',
        signals: tr.number(signals.reduce((a, b) => a + b, 0)),
      })
    : tr.t('chart.noData')
  const labelDays = days.length > 0 ? [0, Math.floor((days.length - 1) / 2), days.length - 1] : []
  return (
    <figure class="chart-figure" data-chart="line">
      <svg
        class="chart"
        viewBox={`0 0 ${PLOT.width} ${PLOT.height}`}
        role="img"
        aria-labelledby="line-title line-desc"
      >
        <title id="line-title">{tr.t('chart.line.title')}</title>
        <desc id="line-desc">{`${tr.t('chart.line.desc')} ${summary}`}</desc>
        {score.ticks.map((tick, i) => (
          <g>
            <line class="grid-line" x1={area.left} x2={area.right} y1={tick.y} y2={tick.y} />
            <text class="axis-score" x={area.left - 6} y={tick.y + 4} text-anchor="end">
              {tr.number(tick.value)}
            </text>
            <text class="axis-activity" x={area.right + 6} y={tick.y + 4}>
              {tr.number(activity.ticks[i]?.value ?? 0, { maximumFractionDigits: 1 })}
            </text>
          </g>
        ))}
        <AxisTitles tr={tr} middle={(area.top + area.bottom) / 2} />
        {labelDays.map((index) => (
          <text
            x={xs[index]}
            y={PLOT.height - 8}
            text-anchor={index === 0 ? 'start' : index === days.length - 1 ? 'end' : 'middle'}
          >
            {tr.date(days[index]!)}
          </text>
        ))}
        {hasData ? (
          <g>
            <path class="activity" d={activity.path} data-series="activity" />
            <path class="score" d={score.path} data-series="score" />
          </g>
        ) : (
          <text
            class="label"
            x={PLOT.width / 2}
            y={PLOT.height / 2}
            text-anchor="middle"
            data-empty="true"
          >
            {tr.t('chart.noData')}
          </text>
        )}
      </svg>
      <ul class="legend">
        <li>
          <span class="key score" />
          {tr.t('chart.score')}
        </li>
        <li>
          <span class="key activity" />
          {tr.t('chart.activity')}
        </li>
      </ul>
      <figcaption class="visually-hidden">{summary}</figcaption>
      {hasData && (
        <ChartData tr={tr}>
          <TableHead
            tr={tr}
            columns={['chart.day', numeric('chart.score'), numeric('chart.activity')]}
          />
          <tbody>
            {days.map((day, i) => (
              <tr>
                <th scope="row">{tr.date(day)}</th>
                <td class="num">{scores[i] ?? '–'}</td>
                <td class="num">{tr.number(signals[i] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </ChartData>
      )}
    </figure>
  )
}
