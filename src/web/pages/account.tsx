import type { CommitteeView } from '../../committee/view.ts'
import type { Principal } from '../../domain/keys.ts'
import type { Account } from '../../records.ts'
import type { TimelineRow } from '../../domain/sales-pages.ts'
import type { HistoryPoint } from '../../domain/score-history.ts'
import type { ScoredView } from '../../domain/score-view.ts'
import { BarChart } from '../components/bar-chart.tsx'
import { LabelBadge, stageText } from '../components/badges.tsx'
import { Committee } from '../components/committee.tsx'
import { Firmographics } from '../components/firmographics.tsx'
import { LineChart } from '../components/line-chart.tsx'
import { Reasons } from '../components/reasons.tsx'
import { Timeline } from '../components/timeline.tsx'
import type { Translator } from '../i18n/index.ts'
import { Layout } from '../layout.tsx'

export interface AccountPageData {
  account: Account
  view: ScoredView
  committee: CommitteeView
  history: HistoryPoint[]
  activity: { day: string; signals: number }[]
  signals: TimelineRow[]
  /** Taxonomy categories of the topics, by topic id. */
  categories: ReadonlyMap<number, string | null>
}

/** Daily scores aligned with the activity days; a day without a score point is a gap. */
function scoresByDay(history: HistoryPoint[], days: string[]): (number | null)[] {
  const byDay = new Map(history.map((point) => [point.day, point.score]))
  return days.map((day) => byDay.get(day) ?? null)
}

/** `/accounts/{domain}`: everything a seller wants before a call, on one page. */
export function AccountPage(props: {
  tr: Translator
  url: URL
  principal: Principal
  data: AccountPageData
}) {
  const { tr, url, principal, data } = props
  const { account, view, committee } = data
  const { inMarket } = view
  const surging = new Set(view.intent.intent.surgingTopics)
  const topics = view.intent.topics
    .filter((t) => surging.has(t.topic))
    .slice(0, 8)
    .map((t) => ({ ...t, category: data.categories.get(t.topicId) ?? null }))
  // Pooled over their topics, categories can surge when no single topic does.
  const categories = view.intent.intent.surgingCategories ?? []
  const days = data.activity.map((d) => d.day)
  const title = account.name ?? account.domain
  return (
    <Layout tr={tr} title={title} url={url} principal={principal}>
      <h1>{title}</h1>
      <div class="summary panel" data-section="score">
        <div>
          <div class="muted">{tr.t('account.score')}</div>
          <div class="score-big" data-score={inMarket.score}>
            {tr.number(inMarket.score)}
            <span class="visually-hidden">
              {' '}
              {tr.t('account.scoreOf', { score: inMarket.score })}
            </span>
          </div>
        </div>
        <div>
          <LabelBadge tr={tr} label={inMarket.label} />
          <div>
            {tr.t('board.stage')}: <strong>{stageText(tr, inMarket.stage)}</strong>
          </div>
        </div>
        <div>
          {tr.t('account.fit')}: <strong>{view.fit.grade ?? tr.t('account.fitNone')}</strong>
        </div>
        <div class="muted">{tr.t('account.asOf', { date: tr.dateTime(view.intent.asOf) })}</div>
      </div>
      <div class="grid">
        <section class="panel" aria-labelledby="reasons-h">
          <h2 id="reasons-h">{tr.t('account.reasons')}</h2>
          <Reasons
            tr={tr}
            reasons={inMarket.reasons}
            base={inMarket.base}
            modelId={inMarket.model}
          />
        </section>
        <section class="panel" aria-labelledby="topics-h">
          <h2 id="topics-h">{tr.t('account.topics')}</h2>
          <BarChart tr={tr} topics={topics} />
          {categories.length > 0 && (
            <p data-categories={categories.join('|')}>
              {tr.t('account.categories', { categories: categories.join(', ') })}
            </p>
          )}
        </section>
        <section class="panel full" aria-labelledby="history-h">
          <h2 id="history-h">{tr.t('account.history')}</h2>
          <LineChart
            tr={tr}
            days={days}
            scores={scoresByDay(data.history, days)}
            signals={data.activity.map((d) => d.signals)}
          />
        </section>
        <section class="panel full" aria-labelledby="committee-h">
          <h2 id="committee-h">{tr.t('account.committee')}</h2>
          <Committee tr={tr} committee={committee} />
        </section>
        <section class="panel" aria-labelledby="timeline-h">
          <h2 id="timeline-h">{tr.t('account.timeline')}</h2>
          <Timeline tr={tr} signals={data.signals} />
        </section>
        <section class="panel" aria-labelledby="company-h">
          <h2 id="company-h">{tr.t('account.firmographics')}</h2>
          <Firmographics tr={tr} account={account} fit={view.fit} />
        </section>
      </div>
    </Layout>
  )
}
