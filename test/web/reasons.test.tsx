import { describe, expect, it } from 'vitest'
import { type ReasonItem, Reasons } from '../../src/web/components/reasons.tsx'
import { translator } from '../../src/web/i18n/index.ts'

const logit = (p: number) => Math.log(p / (1 - p))

/** Three reasons the way the scoring code gives them: up, down, and one that moves nothing. */
const reasons: ReasonItem[] = [
  { factor: 'recency', contribution: 0.8, text: 'x', params: { variant: 'today', values: {} } },
  {
    factor: 'momentum',
    contribution: -0.5,
    text: 'x',
    params: { variant: 'down', values: { percent: 0.2 } },
  },
  { factor: 'fit', contribution: 0, text: 'x', params: { variant: 'none', values: {} } },
  {
    factor: 'breadth',
    contribution: 0.0004,
    text: 'x',
    params: { variant: 'share', values: { percent: 0.5 } },
  },
]

const render = async (locale: 'en' | 'pl' | 'ru', base = logit(0.04)) =>
  String(await (<Reasons tr={translator(locale)} reasons={reasons} base={base} modelId="m-1" />))

/** Each row's factor and the words saying which way it moves the score. */
const rows = (html: string) =>
  [
    ...html.matchAll(
      /<li data-effect="(\w+)"><span class="sign[^"]*" aria-hidden="true">([^<]+)<\/span><span><strong>([^<]+)<\/strong> <span class="muted">\(([^)]+)\)/g,
    ),
  ].map(([, effect, sign, factor, words]) => ({ effect, sign, factor, words }))

describe('the reasons list', () => {
  it.each([
    ['en', 'raises the score', 'lowers the score', 'does not change the score'],
    ['pl', 'podnosi wynik', 'obniża wynik', 'nie zmienia wyniku'],
    ['ru', 'повышает оценку', 'понижает оценку', 'не меняет оценку'],
  ] as const)(
    '%s: up raises, down lowers, zero (or a rounded zero) changes nothing',
    async (locale, up, down, none) => {
      const listed = rows(await render(locale))
      expect(listed.map(({ effect, sign, words }) => [effect, sign, words])).toEqual([
        ['raises', '+', up],
        ['lowers', '−', down],
        ['none', '·', none],
        ['none', '·', none],
      ])
      // A reason that moves nothing never says it raises the score.
      for (const row of listed.filter((r) => r.effect === 'none')) expect(row.words).not.toBe(up)
    },
  )

  it.each([
    ['en', 'Most accounts start at 4%: the model’s base rate'],
    ['pl', 'Większość firm zaczyna od 4%: to bazowy poziom modelu'],
    ['ru', 'Большинство компаний начинают с 4\u00a0%: это базовый уровень модели'],
  ] as const)('%s: says where accounts start, from the base it is given', async (locale, text) => {
    expect(await render(locale)).toContain(text)
  })

  it('takes the rate from the model’s base, whatever it is, with a decimal when it is rare', async () => {
    expect(await render('en', logit(0.27))).toContain('Most accounts start at 27%')
    expect(await render('en', logit(0.004))).toContain('Most accounts start at 0.4%')
    expect(await render('en', 0)).toContain('Most accounts start at 50%')
  })

  it('says nothing of a base rate when the score carries no base', async () => {
    const html = String(await (<Reasons tr={translator('en')} reasons={reasons} />))
    expect(html).not.toContain('data-base')
  })
})
