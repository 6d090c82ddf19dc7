import type { Principal } from '../../domain/keys.ts'
import type { LeaderboardEntry } from '../../domain/sales-pages.ts'
import { industryText, LabelBadge, stageText, TopicChips } from '../components/badges.tsx'
import type { MessageKey, Translator } from '../i18n/index.ts'
import { Layout } from '../layout.tsx'
import {
  allLabelsHref,
  type LabelView,
  labelView,
  PAGE_SIZE,
  pageHref,
  type RawFilters,
  SEGMENT_FIELDS,
} from '../leaderboard-query.ts'
import { scopeAllows } from '../../domain/keys.ts'
import { FilterForm, type FilterFormProps } from './leaderboard-filters.tsx'
import { ACCOUNT_COLUMNS, CardTable, numeric } from '../components/tables.tsx'

export interface LeaderboardProps extends FilterFormProps {
  url: URL
  principal: Principal
  /** Absent when the filters were invalid: the form is shown again with the messages. */
  result?: { entries: LeaderboardEntry[]; total: number; page: number }
}

type Result = NonNullable<LeaderboardProps['result']>

const TITLES: Record<LabelView, MessageKey> = {
  inMarket: 'board.title',
  all: 'board.title.all',
  hot: 'board.title.hot',
  warm: 'board.title.warm',
  cold: 'board.title.cold',
}

function Row({ tr, entry }: { tr: Translator; entry: LeaderboardEntry }) {
  return (
    <tr>
      <td data-label={tr.t('col.account')}>
        <span>
          <a href={`/accounts/${encodeURIComponent(entry.domain)}`}>{entry.name ?? entry.domain}</a>
          <br />
          <span class="muted">
            {entry.domain}
            {entry.industry && <> · {industryText(tr, entry.industry)}</>}
            {entry.country && <> · {entry.country}</>}
          </span>
        </span>
      </td>
      <td data-label={tr.t('col.score')} class="num">
        {tr.number(entry.score)}
      </td>
      <td data-label={tr.t('col.label')} class="word">
        <LabelBadge tr={tr} label={entry.label} />
      </td>
      <td data-label={tr.t('col.stage')} class="word">
        {stageText(tr, entry.stage)}
      </td>
      <td data-label={tr.t('col.topics')}>
        <TopicChips topics={entry.surgingTopics.slice(0, 3)} />
      </td>
      <td data-label={tr.t('col.coverage')} class="num">
        {tr.percent(entry.coverage)}
      </td>
      <td data-label={tr.t('col.fit')}>{entry.fitGrade ?? '–'}</td>
    </tr>
  )
}

function Table({ tr, entries }: { tr: Translator; entries: LeaderboardEntry[] }) {
  // The wrapper scrolls sideways when the columns need more room than the screen has: a
  // column is never squeezed below its longest word.
  return (
    <CardTable
      tr={tr}
      section="leaderboard"
      caption="board.caption"
      columns={[...ACCOUNT_COLUMNS, 'col.topics', numeric('col.coverage'), 'col.fit']}
    >
      {entries.map((entry) => (
        <Row tr={tr} entry={entry} />
      ))}
    </CardTable>
  )
}

function Pager({ tr, raw, result, pages }: LeaderboardProps & { result: Result; pages: number }) {
  return (
    <nav class="pager" aria-label={tr.t('page.nav')}>
      {result.page > 1 ? (
        <a href={pageHref(raw, result.page - 1)} rel="prev">
          {tr.t('page.prev')}
        </a>
      ) : (
        <span />
      )}
      <span>{tr.t('page.of', { page: tr.number(result.page), pages: tr.number(pages) })}</span>
      {result.page < pages ? (
        <a href={pageHref(raw, result.page + 1)} rel="next">
          {tr.t('page.next')}
        </a>
      ) : (
        <span />
      )}
    </nav>
  )
}

/** A page number past the end: there are accounts, just not on this page. */
function PastTheEnd({
  tr,
  raw,
  result,
  pages,
}: LeaderboardProps & { result: Result; pages: number }) {
  return (
    <section aria-labelledby="results-count" data-section="past-end">
      <p id="results-count" role="status">
        {tr.t('board.pageEmpty', { page: tr.number(result.page) })}
      </p>
      <p>
        {pages > 1 && (
          <>
            <a href={pageHref(raw, pages)}>{tr.t('board.lastPage', { page: tr.number(pages) })}</a>
            {' · '}
          </>
        )}
        <a href={pageHref(raw, 1)}>{tr.t('board.firstPage')}</a>
      </p>
    </section>
  )
}

function Results(props: LeaderboardProps & { result: Result }) {
  const { tr, raw, result } = props
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE))
  if (result.entries.length === 0 && result.total > 0)
    return <PastTheEnd {...props} pages={pages} />
  return (
    <section aria-labelledby="results-count">
      <p id="results-count" role="status">
        {tr.plural('board.count', result.total)}
        {labelView(raw.label) !== 'all' && (
          <>
            {' · '}
            <a href={allLabelsHref(raw)} data-show-all>
              {tr.t('board.showAll')}
            </a>
          </>
        )}
      </p>
      {result.entries.length === 0 ? (
        <p>{tr.t('board.none')}</p>
      ) : (
        <Table tr={tr} entries={result.entries} />
      )}
      <Pager {...props} pages={pages} />
    </section>
  )
}

/**
 * "Save these filters as a segment": posts the filters as shown. A search is not a filter (a
 * segment is a standing condition, a search a look for one name), so it is left out, and the
 * form says so, naming it, before the seller saves.
 */
function SaveAsSegment({ tr, raw }: { tr: Translator; raw: RawFilters }) {
  return (
    <details class="panel" data-section="save-segment">
      <summary>{tr.t('segments.save')}</summary>
      <form method="post" action="/segments">
        {SEGMENT_FIELDS.map((field) => (
          <input type="hidden" name={field} value={raw[field]} />
        ))}
        <label for="segment-name">{tr.t('segments.saveName')}</label>
        <input id="segment-name" name="name" required maxlength={100} />
        {raw.q && (
          <p class="notice" data-notice="search-not-saved">
            {tr.t('segments.saveNoSearch', { search: raw.q })}
          </p>
        )}
        <button type="submit">{tr.t('segments.saveSubmit')}</button>
      </form>
    </details>
  )
}

/**
 * `/`: accounts by score, with filters, search and numbered pages. Without a label filter it
 * lists the in-market (warm and hot) accounts, and its title says which accounts it lists.
 */
export function LeaderboardPage(props: LeaderboardProps) {
  const { tr, url, principal, raw, errors, result } = props
  const invalid = Object.keys(errors).length > 0
  const title = tr.t(TITLES[invalid ? 'inMarket' : labelView(raw.label)])
  return (
    <Layout tr={tr} title={title} url={url} principal={principal}>
      <h1>{title}</h1>
      {invalid && (
        <div class="errors" role="alert" data-section="errors">
          <p>{tr.t('error.badRequest')}</p>
          <ul>
            {Object.entries(errors).map(([field, key]) => (
              <li>
                <a href={`#${field}`}>{tr.t(key)}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      <FilterForm {...props} />
      {result && scopeAllows(principal.scope, 'write') && <SaveAsSegment tr={tr} raw={raw} />}
      {result && <Results {...props} result={result} />}
    </Layout>
  )
}
