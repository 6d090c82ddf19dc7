import type { Principal } from '../../domain/keys.ts'
import type { LeaderboardEntry } from '../../domain/pages.ts'
import { LabelBadge, stageText, TopicChips } from '../components/badges.tsx'
import type { MessageKey, Translator } from '../i18n/index.ts'
import { Layout } from '../layout.tsx'
import {
  type FieldErrors,
  LABELS,
  PAGE_SIZE,
  pageHref,
  type RawFilters,
  STAGES,
} from '../leaderboard-query.ts'

export interface LeaderboardProps {
  tr: Translator
  url: URL
  principal: Principal
  raw: RawFilters
  errors: FieldErrors
  choices: { industries: string[]; countries: string[]; topics: string[] }
  /** Absent when the filters were invalid: the form is shown again with the messages. */
  result?: { entries: LeaderboardEntry[]; total: number; page: number }
}

function FieldError({ tr, id, error }: { tr: Translator; id: string; error?: MessageKey }) {
  return error ? (
    <p class="field-error" id={`${id}-error`}>
      {tr.t(error)}
    </p>
  ) : null
}

/** A labelled text input that shows its own error and points to it for screen readers. */
function TextField(props: {
  tr: Translator
  id: keyof RawFilters
  label: MessageKey
  value: string
  error?: MessageKey
  type?: string
  list?: string
  extra?: Record<string, string | number>
}) {
  const { tr, id, label, value, error, type = 'text', list, extra = {} } = props
  return (
    <div>
      <label for={id}>{tr.t(label)}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        list={list}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...extra}
      />
      <FieldError tr={tr} id={id} error={error} />
    </div>
  )
}

function SelectField(props: {
  tr: Translator
  id: 'label' | 'stage'
  value: string
  options: readonly string[]
  error?: MessageKey
}) {
  const { tr, id, value, options, error } = props
  return (
    <div>
      <label for={id}>{tr.t(`board.${id}`)}</label>
      <select
        id={id}
        name={id}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        <option value="">{tr.t('board.any')}</option>
        {options.map((option) => (
          <option value={option} selected={option === value}>
            {tr.t(`${id}.${option}` as MessageKey)}
          </option>
        ))}
      </select>
      <FieldError tr={tr} id={id} error={error} />
    </div>
  )
}

function FilterForm({ tr, raw, errors, choices }: LeaderboardProps) {
  return (
    <search aria-label={tr.t('board.filters')}>
      <form method="get" action="/" class="panel filters">
        <div class="wide">
          <TextField
            tr={tr}
            id="q"
            label="board.search"
            value={raw.q}
            error={errors.q}
            type="search"
          />
        </div>
        <SelectField tr={tr} id="label" value={raw.label} options={LABELS} error={errors.label} />
        <SelectField tr={tr} id="stage" value={raw.stage} options={STAGES} error={errors.stage} />
        <TextField
          tr={tr}
          id="topic"
          label="board.topic"
          value={raw.topic}
          error={errors.topic}
          list="topics"
        />
        <TextField
          tr={tr}
          id="industry"
          label="board.industry"
          value={raw.industry}
          error={errors.industry}
          list="industries"
        />
        <TextField
          tr={tr}
          id="country"
          label="board.country"
          value={raw.country}
          error={errors.country}
          list="countries"
          extra={{ autocapitalize: 'characters' }}
        />
        <TextField
          tr={tr}
          id="minScore"
          label="board.minScore"
          value={raw.minScore}
          error={errors.minScore}
          extra={{ inputmode: 'numeric' }}
        />
        <datalist id="topics">
          {choices.topics.map((v) => (
            <option value={v} />
          ))}
        </datalist>
        <datalist id="industries">
          {choices.industries.map((v) => (
            <option value={v} />
          ))}
        </datalist>
        <datalist id="countries">
          {choices.countries.map((v) => (
            <option value={v} />
          ))}
        </datalist>
        <div class="actions">
          <button type="submit">{tr.t('board.apply')}</button>
          <a href="/">{tr.t('board.reset')}</a>
        </div>
      </form>
    </search>
  )
}

function Results({
  tr,
  raw,
  result,
}: LeaderboardProps & { result: NonNullable<LeaderboardProps['result']> }) {
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE))
  return (
    <section aria-labelledby="results-count">
      <p id="results-count" role="status">
        {tr.plural('board.count', result.total)}
      </p>
      {result.entries.length === 0 ? (
        <p>{tr.t('board.none')}</p>
      ) : (
        <table class="cards" data-section="leaderboard">
          <caption class="visually-hidden">{tr.t('board.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{tr.t('col.account')}</th>
              <th scope="col" class="num">
                {tr.t('col.score')}
              </th>
              <th scope="col">{tr.t('col.label')}</th>
              <th scope="col">{tr.t('col.stage')}</th>
              <th scope="col">{tr.t('col.topics')}</th>
              <th scope="col" class="num">
                {tr.t('col.coverage')}
              </th>
              <th scope="col">{tr.t('col.fit')}</th>
            </tr>
          </thead>
          <tbody>
            {result.entries.map((entry) => (
              <tr>
                <td data-label={tr.t('col.account')}>
                  <span>
                    <a href={`/accounts/${encodeURIComponent(entry.domain)}`}>
                      {entry.name ?? entry.domain}
                    </a>
                    <br />
                    <span class="muted">
                      {entry.domain}
                      {entry.industry && <> · {entry.industry}</>}
                      {entry.country && <> · {entry.country}</>}
                    </span>
                  </span>
                </td>
                <td data-label={tr.t('col.score')} class="num">
                  {tr.number(entry.score)}
                </td>
                <td data-label={tr.t('col.label')}>
                  <LabelBadge tr={tr} label={entry.label} />
                </td>
                <td data-label={tr.t('col.stage')}>{stageText(tr, entry.stage)}</td>
                <td data-label={tr.t('col.topics')}>
                  <TopicChips topics={entry.surgingTopics.slice(0, 3)} />
                </td>
                <td data-label={tr.t('col.coverage')} class="num">
                  {tr.percent(entry.coverage)}
                </td>
                <td data-label={tr.t('col.fit')}>{entry.fitGrade ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
    </section>
  )
}

/** `/`: in-market accounts by score, with filters, search and numbered pages. */
export function LeaderboardPage(props: LeaderboardProps) {
  const { tr, url, principal, errors, result } = props
  const invalid = Object.keys(errors).length > 0
  return (
    <Layout tr={tr} title={tr.t('board.title')} url={url} principal={principal}>
      <h1>{tr.t('board.title')}</h1>
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
      {result && <Results {...props} result={result} />}
    </Layout>
  )
}
