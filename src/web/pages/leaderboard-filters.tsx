import { LABELS, STAGES } from '../../vocabulary.ts'
import { industryText } from '../components/badges.tsx'
import type { MessageKey, Translator } from '../i18n/index.ts'
import { ALL_LABELS, type FieldErrors, type RawFilters } from '../leaderboard-query.ts'

export interface FilterFormProps {
  tr: Translator
  raw: RawFilters
  errors: FieldErrors
  choices: { industries: string[]; countries: string[]; topics: string[] }
}

interface Option {
  value: string
  text: string
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

/** The first option is the field's default (empty value); `selected` compares as the store does. */
function SelectField(props: {
  tr: Translator
  id: 'label' | 'stage' | 'industry'
  value: string
  options: Option[]
  error?: MessageKey
}) {
  const { tr, id, value, options, error } = props
  const chosen = value.toLocaleLowerCase('und')
  return (
    <div>
      <label for={id}>{tr.t(`board.${id}`)}</label>
      <select
        id={id}
        name={id}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {options.map((option) => (
          <option value={option.value} selected={option.value.toLocaleLowerCase('und') === chosen}>
            {option.text}
          </option>
        ))}
      </select>
      <FieldError tr={tr} id={id} error={error} />
    </div>
  )
}

function labelOptions(tr: Translator): Option[] {
  return [
    { value: '', text: tr.t('board.inMarket') },
    ...LABELS.map((label) => ({ value: label, text: tr.t(`label.${label}`) })),
    { value: ALL_LABELS, text: tr.t('board.allLabels') },
  ]
}

function stageOptions(tr: Translator): Option[] {
  return [
    { value: '', text: tr.t('board.any') },
    ...STAGES.map((stage) => ({ value: stage, text: tr.t(`stage.${stage}`) })),
  ]
}

/**
 * Industries as words, sent as the accounts store them. A value typed into the URL that no
 * account has stays listed, so the form shows the filter that was applied.
 */
function industryOptions(tr: Translator, industries: string[], current: string): Option[] {
  const known = industries.some(
    (value) => value.toLocaleLowerCase('und') === current.toLocaleLowerCase('und'),
  )
  const values = current && !known ? [...industries, current] : industries
  return [
    { value: '', text: tr.t('board.anyIndustry') },
    ...values.map((value) => ({ value, text: industryText(tr, value) })),
  ]
}

export function FilterForm({ tr, raw, errors, choices }: FilterFormProps) {
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
        <SelectField
          tr={tr}
          id="label"
          value={raw.label}
          options={labelOptions(tr)}
          error={errors.label}
        />
        <SelectField
          tr={tr}
          id="stage"
          value={raw.stage}
          options={stageOptions(tr)}
          error={errors.stage}
        />
        <TextField
          tr={tr}
          id="topic"
          label="board.topic"
          value={raw.topic}
          error={errors.topic}
          list="topics"
        />
        <SelectField
          tr={tr}
          id="industry"
          value={raw.industry}
          options={industryOptions(tr, choices.industries, raw.industry)}
          error={errors.industry}
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
