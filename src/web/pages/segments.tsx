import type { Principal } from '../../domain/keys.ts'
import type { SavedSegment, SegmentMember } from '../../domain/segments.ts'
import { LabelBadge, stageText } from '../components/badges.tsx'
import { ACCOUNT_COLUMNS, CardTable, numeric } from '../components/tables.tsx'
import type { Translator } from '../i18n/index.ts'
import { Layout } from '../layout.tsx'

interface PageProps {
  tr: Translator
  url: URL
  principal: Principal
}

/** `/segments`: every saved segment with how many accounts are in it now. */
export function SegmentsPage(props: PageProps & { segments: SavedSegment[] }) {
  const { tr, url, principal, segments } = props
  const title = tr.t('segments.title')
  return (
    <Layout tr={tr} title={title} url={url} principal={principal}>
      <h1>{title}</h1>
      {segments.length === 0 ? (
        <p>{tr.t('segments.none')}</p>
      ) : (
        <CardTable
          tr={tr}
          section="segments"
          caption="segments.caption"
          columns={['segments.name', numeric('segments.members'), 'segments.updated']}
        >
          {segments.map((segment) => (
            <tr>
              <td data-label={tr.t('segments.name')}>
                <a href={`/segments/${encodeURIComponent(segment.id)}`}>{segment.name}</a>
                {segment.description && (
                  <>
                    <br />
                    <span class="muted">{segment.description}</span>
                  </>
                )}
              </td>
              <td data-label={tr.t('segments.members')} class="num">
                {tr.number(segment.members)}
              </td>
              <td data-label={tr.t('segments.updated')}>{tr.date(segment.updatedAt)}</td>
            </tr>
          ))}
        </CardTable>
      )}
    </Layout>
  )
}

/** A score's change over the trend window, as a signed number; a dash without a point to compare. */
function Trend({ tr, member }: { tr: Translator; member: SegmentMember }) {
  if (member.score === null || member.scoreBefore === null) return <>–</>
  const change = member.score - member.scoreBefore
  const sign = change > 0 ? '+' : change < 0 ? '−' : '±'
  return (
    <span data-trend={change > 0 ? 'up' : change < 0 ? 'down' : 'flat'}>
      {sign}
      {tr.number(Math.abs(change))}
    </span>
  )
}

function MemberRow({ tr, member }: { tr: Translator; member: SegmentMember }) {
  return (
    <tr>
      <td data-label={tr.t('col.account')}>
        <a href={`/accounts/${encodeURIComponent(member.domain)}`}>
          {member.name ?? member.domain}
        </a>
      </td>
      <td data-label={tr.t('col.score')} class="num">
        {member.score === null ? '–' : tr.number(member.score)}
      </td>
      <td data-label={tr.t('col.label')} class="word">
        {member.label === null ? '–' : <LabelBadge tr={tr} label={member.label} />}
      </td>
      <td data-label={tr.t('col.stage')} class="word">
        {member.stage === null ? '–' : stageText(tr, member.stage)}
      </td>
      <td data-label={tr.t('segments.trend')} class="num">
        <Trend tr={tr} member={member} />
      </td>
      <td data-label={tr.t('segments.entered')}>{tr.date(member.enteredAt)}</td>
    </tr>
  )
}

/** `/segments/{id}`: a segment's members by domain, each with its score and its week's trend. */
export function SegmentPage(
  props: PageProps & { segment: SavedSegment; members: SegmentMember[]; more: boolean },
) {
  const { tr, url, principal, segment, members, more } = props
  return (
    <Layout tr={tr} title={segment.name} url={url} principal={principal}>
      <h1>{segment.name}</h1>
      {segment.description && <p>{segment.description}</p>}
      <p class="muted">
        {tr.plural('segments.count', segment.members)} ·{' '}
        <a href="/segments">{tr.t('segments.all')}</a>
      </p>
      {members.length === 0 ? (
        <p>{tr.t('segments.empty')}</p>
      ) : (
        <CardTable
          tr={tr}
          section="segment-members"
          caption="segments.membersCaption"
          columns={[...ACCOUNT_COLUMNS, numeric('segments.trend'), 'segments.entered']}
        >
          {members.map((member) => (
            <MemberRow tr={tr} member={member} />
          ))}
        </CardTable>
      )}
      {more && <p class="muted">{tr.t('segments.more')}</p>}
    </Layout>
  )
}
