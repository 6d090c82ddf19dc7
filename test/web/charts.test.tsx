import { describe, expect, it } from 'vitest'
import { pairedBars } from '../../src/web/charts/bars.ts'
import { lineGeometry, type Plot, plotArea } from '../../src/web/charts/line.ts'
import { linearScale, niceMax, ticks } from '../../src/web/charts/scale.ts'
import { LineChart } from '../../src/web/components/line-chart.tsx'
import { BarChart } from '../../src/web/components/bar-chart.tsx'
import { translator } from '../../src/web/i18n/index.ts'

const PLOT: Plot = { width: 200, height: 100, margin: { top: 10, right: 10, bottom: 20, left: 30 } }

describe('linearScale', () => {
  it('maps the domain ends to the range ends, and between linearly', () => {
    const y = linearScale([0, 100], [90, 10])
    expect(y(0)).toBe(90)
    expect(y(100)).toBe(10)
    expect(y(50)).toBe(50)
  })

  it('maps a flat domain to the middle instead of dividing by zero', () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5)
    expect(linearScale([Number.NaN, 1], [0, 10])(1)).toBe(5)
  })
})

describe('niceMax and ticks', () => {
  it.each([
    [0, 1],
    [-3, 1],
    [0.3, 0.5],
    [7, 10],
    [12, 20],
    [41, 50],
    [100, 100],
    [101, 200],
  ])('niceMax(%d) = %d', (max, nice) => {
    expect(niceMax(max)).toBeCloseTo(nice)
  })

  it('spaces ticks evenly from 0 to max', () => {
    expect(ticks(100, 4)).toEqual([0, 25, 50, 75, 100])
  })
})

describe('lineGeometry', () => {
  const area = plotArea(PLOT)

  it('puts the first and last points on the left and right edges, min and max on the bottom and top', () => {
    const line = lineGeometry({ values: [0, 50, 100], max: 100 }, PLOT)
    expect(line.points.map((p) => p.x)).toEqual([
      area.left,
      (area.left + area.right) / 2,
      area.right,
    ])
    expect(line.points.map((p) => p.y)).toEqual([
      area.bottom,
      (area.top + area.bottom) / 2,
      area.top,
    ])
    expect(line.path).toBe(`M30 80L110 45L190 10`)
  })

  it('leaves a gap for missing values and starts a new segment after it', () => {
    const line = lineGeometry({ values: [1, null, 3, 4], max: 4 }, PLOT)
    expect(line.points).toHaveLength(3)
    expect(line.path.match(/M/g)).toHaveLength(2)
  })

  it('an empty or all-missing series gives an empty path and finite ticks, never NaN', () => {
    for (const values of [[], [null, null], [Number.NaN]]) {
      const line = lineGeometry({ values }, PLOT)
      expect(line.path).toBe('')
      expect(line.points).toEqual([])
      expect(line.ticks.every((t) => Number.isFinite(t.y) && Number.isFinite(t.value))).toBe(true)
    }
  })

  it('a single point sits on the left edge', () => {
    const line = lineGeometry({ values: [10] }, PLOT)
    expect(line.path).toBe(`M30 ${area.top}`)
  })

  it('scales to a round maximum when none is given', () => {
    const line = lineGeometry({ values: [3, 7] }, PLOT)
    expect(line.max).toBe(10)
    expect(line.ticks.at(-1)).toEqual({ value: 10, y: area.top })
  })
})

describe('pairedBars', () => {
  const layout = { width: 300, labelWidth: 100, rowHeight: 30, barHeight: 10 }

  it('shares one scale: the largest value reaches the right end, others are proportional', () => {
    const { rows, max } = pairedBars(
      [
        { label: 'a', primary: 20, secondary: 5 },
        { label: 'b', primary: 10, secondary: 0 },
      ],
      layout,
    )
    expect(max).toBe(20)
    expect(rows[0]!.primary.width).toBe(300 - 8 - 100)
    expect(rows[1]!.primary.width).toBe((300 - 8 - 100) / 2)
    expect(rows[0]!.secondary.width).toBe((300 - 8 - 100) / 4)
    expect(rows[1]!.secondary.width).toBe(0)
    expect(rows[1]!.primary.y).toBeGreaterThan(rows[0]!.secondary.y)
  })

  it('draws negative or non-finite values as empty bars, never NaN', () => {
    const { rows } = pairedBars([{ label: 'x', primary: Number.NaN, secondary: -2 }], layout)
    expect(rows[0]!.primary.width).toBe(0)
    expect(rows[0]!.secondary.width).toBe(0)
  })
})

describe('chart components', () => {
  const tr = translator('en')

  it('the line chart with no data says so, in the SVG and the caption', async () => {
    const html = String(
      await (
        <LineChart
          tr={tr}
          days={['2026-11-01', '2026-11-02']}
          scores={[null, null]}
          signals={[0, 0]}
        />
      ),
    )
    expect(html).toContain('data-empty="true"')
    expect(html).toContain('No data for this period.')
    expect(html).toContain('role="img"')
    expect(html).toMatch(/<title id="line-title">/)
    expect(html).not.toContain('NaN')
    expect(html).not.toContain('<path')
  })

  it('the line chart has a title, a description with a summary, and a data table', async () => {
    const html = String(
      await (
        <LineChart tr={tr} days={['2026-11-01', '2026-11-02']} scores={[10, 40]} signals={[2, 5]} />
      ),
    )
    expect(html).toContain('Score went from 10 to 40 (highest 40); 7 signals over the period.')
    expect(html).toContain(
      '<th scope="row">Nov 2, 2026</th><td class="num">40</td><td class="num">5</td>',
    )
  })

  it('the bar chart without surging topics is a sentence, not an empty SVG', async () => {
    const html = String(await (<BarChart tr={tr} topics={[]} />))
    expect(html).toContain('No topic is surging right now.')
    expect(html).not.toContain('<svg')
  })

  it.each([
    ['en', 'Score (0–100)', 'Signals per day'],
    ['pl', 'Wynik (0–100)', 'Sygnały dziennie'],
    ['ru', 'Оценка (0–100)', 'Сигналов в день'],
  ] as const)(
    '%s: the line chart titles both axes, each in its series’ colour',
    async (locale, left, right) => {
      const html = String(
        await (
          <LineChart
            tr={translator(locale)}
            days={['2026-11-01', '2026-11-02']}
            scores={[10, 40]}
            signals={[2, 5]}
          />
        ),
      )
      const svg = html.slice(0, html.indexOf('</svg>'))
      expect(svg).toContain(`class="axis-title axis-score" transform="rotate(-90)"`)
      expect(svg).toMatch(new RegExp(`data-axis="score">${left.replace(/[()]/g, '\\$&')}</text>`))
      expect(svg).toContain(`data-axis="signals">${right}</text>`)
      // The ticks of each axis share its title's colour, so the eye ties each to its line.
      expect(svg.match(/<text class="axis-score" x=/g)).toHaveLength(5)
      expect(svg.match(/<text class="axis-activity" x=/g)).toHaveLength(5)
    },
  )

  it('the line chart keeps the axis titles inside the picture', async () => {
    const html = String(
      await (<LineChart tr={tr} days={['2026-11-01']} scores={[10]} signals={[2]} />),
    )
    const [, width] = /viewBox="0 0 (\d+) \d+"/.exec(html)!
    // rotate(±90) swaps the axes: the left title sits at x = 14, the right at x = width − 14.
    expect(html).toMatch(/transform="rotate\(-90\)" x="-\d+(\.\d+)?" y="14"/)
    expect(html).toContain(`transform="rotate(90)" x="`)
    expect(html).toContain(`y="-${Number(width) - 14}"`)
  })

  it.each([
    ['en', 'Recent', 'Baseline', 'Weighted activity'],
    ['pl', 'Ostatnio', 'Poziom bazowy', 'Ważona aktywność'],
    ['ru', 'Недавно', 'Базовый уровень', 'Взвешенная активность'],
  ] as const)(
    '%s: the bar chart has its key, the baseline values and an axis title in the SVG',
    async (locale, recent, baseline, axis) => {
      const html = String(
        await (
          <BarChart
            tr={translator(locale)}
            topics={[
              { topic: 'ERP', category: null, recent: 12, expected: 2.5, surge: 80 },
              { topic: 'CRM', category: 'Sales', recent: 6, expected: 1, surge: 70 },
            ]}
          />
        ),
      )
      const svg = html.slice(0, html.indexOf('</svg>'))
      expect(svg).toMatch(
        new RegExp(
          `<g data-key="true"><rect class="key-recent"[^>]*></rect><text class="label"[^>]*>${recent}</text><rect class="key-expected"[^>]*></rect><text class="label"[^>]*>${baseline}</text></g>`,
        ),
      )
      const values = [...svg.matchAll(/<text class="expected-value"[^>]*>([^<]+)<\/text>/g)].map(
        (m) => m[1],
      )
      expect(values).toEqual(locale === 'en' ? ['2.5', '1'] : ['2,5', '1'])
      expect(svg).toContain(`data-axis="activity">${axis}</text>`)
      expect(html).not.toContain('NaN')
    },
  )
})
