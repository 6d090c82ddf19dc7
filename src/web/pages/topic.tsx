import type { Principal } from '../../domain/keys.ts'
import type { TopicPageAccount } from '../../domain/sales-pages.ts'
import { LabelBadge, stageText } from '../components/badges.tsx'
import type { Translator } from '../i18n/index.ts'
import { Layout } from '../layout.tsx'
import { ACCOUNT_COLUMNS, CardTable, numeric } from '../components/tables.tsx'

function Row({ tr, account }: { tr: Translator; account: TopicPageAccount }) {
  const one = (value: number) => tr.number(value, { maximumFractionDigits: 1 })
  return (
    <tr>
      <td data-label={tr.t('col.account')}>
        <span>
          <a href={`/accounts/${encodeURIComponent(account.domain)}`}>
            {account.name ?? account.domain}
          </a>
          {account.name !== null && (
            <>
              <br />
              <span class="muted">{account.domain}</span>
            </>
          )}
        </span>
      </td>
      <td data-label={tr.t('col.score')} class="num">
        {account.score === null ? '–' : tr.number(account.score)}
      </td>
      <td data-label={tr.t('col.label')} class="word">
        {account.label === null ? '–' : <LabelBadge tr={tr} label={account.label} />}
      </td>
      <td data-label={tr.t('col.stage')} class="word">
        {account.stage === null ? '–' : stageText(tr, account.stage)}
      </td>
      <td data-label={tr.t('chart.surge')} class="num">
        {tr.number(Math.round(account.surge))}
      </td>
      <td data-label={tr.t('chart.recent')} class="num">
        {one(account.recent)}
      </td>
      <td data-label={tr.t('chart.expected')} class="num">
        {one(account.expected)}
      </td>
      <td data-label={tr.t('account.members')}>{tr.plural('topic.people', account.contacts)}</td>
    </tr>
  )
}

/**
 * `/topics/{topic}`: accounts whose activity on the topic rose significantly above their own
 * baseline, named and scored as on the leaderboard.
 */
export function TopicPage(props: {
  tr: Translator
  url: URL
  principal: Principal
  topic: string
  /** Its taxonomy category; null when the taxonomy does not list it. */
  category: string | null
  accounts: TopicPageAccount[]
}) {
  const { tr, url, principal, topic, category, accounts } = props
  return (
    <Layout tr={tr} title={topic} url={url} principal={principal}>
      <h1>{tr.t('topic.title', { topic })}</h1>
      {category !== null && (
        <p class="muted" data-category={category}>
          {tr.t('topic.category', { category })}
        </p>
      )}
      {accounts.length === 0 ? (
        <p>{tr.t('topic.none')}</p>
      ) : (
        <CardTable
          tr={tr}
          section="topic-accounts"
          caption="topic.caption"
          columns={[
            ...ACCOUNT_COLUMNS,
            numeric('chart.surge'),
            numeric('chart.recent'),
            numeric('chart.expected'),
            'account.members',
          ]}
        >
          {accounts.map((account) => (
            <Row tr={tr} account={account} />
          ))}
        </CardTable>
      )}
    </Layout>
  )
}
