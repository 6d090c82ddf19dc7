import { LABELS, STAGES } from '../../vocabulary.ts'
import { industryText } from '../components/badges.tsx'
import type { MessageKey, Translator } from '../i18n/index.ts'
import { ALL_LABELS, type FieldErrors, type RawFilters } from '../leaderboard-query.ts'

export interface FilterFormProps {
  tr: Translator
  raw: RawFilters
  errors: FieldErrors
  choices: { industries: string[]; countries: string[]; topics: string[]; categories: string[] }
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

/** What every field reads: the words, the values as typed, and the errors found in them. */
type Form = Pick<FilterFormProps, 'tr' | 'raw' | 'errors'>

/** A labelled text input that shows its own error and points to it for screen readers. */
function TextField(props: {
  form: Form
  id: keyof RawFilters
  label: MessageKey
  type?: string
  list?: string
  extra?: Record<string, string | number>
}) {
  const { form, id, label, type = 'text', list, extra = {} } = props
  const { tr } = form
  const value = form.raw[id]
  const error = form.errors[id]
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
function SelectField(props: { form: Form; id: 'label' | 'stage' | 'industry'; options: Option[] }) {
  const { form, id, options } = props
  const { tr } = form
  const value = form.raw[id]
  const error = form.errors[id]
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
  const form = { tr, raw, errors }
  return (
    <search aria-label={tr.t('board.filters')}>
      <form method="get" action="/" class="panel filters">
        <div class="wide">
          <TextField form={form} id="q" label="board.search" type="search" />
        </div>
        <SelectField form={form} id="label" options={labelOptions(tr)} />
        <SelectField form={form} id="stage" options={stageOptions(tr)} />
        <TextField form={form} id="topic" label="board.topic" list="topics" />
        <TextField form={form} id="category" label="board.category" list="categories" />
        <SelectField
          form={form}
          id="industry"
          options={industryOptions(tr, choices.industries, raw.industry)}
        />
        <TextField
          form={form}
          id="country"
          label="board.country"
          list="countries"
          extra={{ autocapitalize: 'characters' }}
        />
        <TextField
          form={form}
          id="minScore"
          label="board.minScore"
          extra={{ inputmode: 'numeric' }}
        />
        <datalist id="topics">
          {choices.topics.map((v) => (
            <option value={v} />
          ))}
        </datalist>
        <datalist id="categories">
          {choices.categories.map((v) => (
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
