import type { Child } from 'hono/jsx'
import type { MessageKey, Translator } from '../i18n/index.ts'

/** A column heading: its message key, and whether it holds numbers (right-aligned). */
export type Column = MessageKey | { key: MessageKey; numeric: true }

export const numeric = (key: MessageKey): Column => ({ key, numeric: true })

/** A table's header row, one `<th scope="col">` per column, as every table on the pages has it. */
export function TableHead({ tr, columns }: { tr: Translator; columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th scope="col">{tr.t(column)}</th>
          ) : (
            <th scope="col" class="num">
              {tr.t(column.key)}
            </th>
          ),
        )}
      </tr>
    </thead>
  )
}

/**
 * A chart's numbers as a table, folded away under the chart: for screen readers, for copying,
 * and for anyone who would rather read figures than bars.
 */
export function ChartData({ tr, children }: { tr: Translator; children?: Child }) {
  return (
    <details class="data">
      <summary>{tr.t('chart.table')}</summary>
      <div class="table-scroll">
        <table>{children}</table>
      </div>
    </details>
  )
}

/** The columns every list of accounts starts with. */
export const ACCOUNT_COLUMNS: readonly Column[] = [
  'col.account',
  numeric('col.score'),
  'col.label',
  'col.stage',
]

/** A table that narrow screens show as one card per row (see `table.cards` in the CSS). */
export function CardTable(props: {
  tr: Translator
  section?: string
  caption?: MessageKey
  columns: readonly Column[]
  children?: Child
}) {
  const { tr, section, caption, columns, children } = props
  return (
    <div class="table-scroll">
      <table class="cards" data-section={section}>
        {caption && <caption class="visually-hidden">{tr.t(caption)}</caption>}
        <TableHead tr={tr} columns={columns} />
        <tbody>{children}</tbody>
      </table>
    </div>
  )
}
