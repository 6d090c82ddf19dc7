import { COMMITTEE_ROLES } from '../../vocabulary.ts'
import type { CommitteeView } from '../../committee/view.ts'
import type { Translator } from '../i18n/index.ts'
import { roleText } from './badges.tsx'
import { mailtoHref } from './mailto.ts'
import { personName } from './person.ts'
import { CardTable, numeric } from './tables.tsx'

/** Roles covered and missing, the engaged people, and whom to reach next. */
export function Committee({ tr, committee }: { tr: Translator; committee: CommitteeView }) {
  const covered = new Set(committee.members.map((m) => m.role))
  const missing = new Set(committee.missingRoles)
  const roles = COMMITTEE_ROLES.filter((role) => covered.has(role) || missing.has(role))
  return (
    <div data-section="committee">
      <p>
        <label for="coverage">{tr.t('account.coverage')}</label>
        <meter id="coverage" min={0} max={1} value={committee.coverage}>
          {tr.percent(committee.coverage)}
        </meter>{' '}
        {tr.percent(committee.coverage)}
      </p>
      <ul class="roles" aria-label={tr.t('account.role')}>
        {roles.map((role) => (
          <li class={missing.has(role) ? 'missing' : 'covered'}>
            {roleText(tr, role)}
            {missing.has(role) && <span class="visually-hidden"> ({tr.t('account.missing')})</span>}
          </li>
        ))}
      </ul>
      <h3>{tr.t('account.members')}</h3>
      {committee.members.length === 0 ? (
        <p>{tr.t('account.noMembers')}</p>
      ) : (
        <CardTable
          tr={tr}
          columns={[
            'account.person',
            'account.role',
            numeric('account.engagement'),
            'account.topicsOf',
          ]}
        >
          {committee.members.map((member) => (
            <tr>
              <td data-label={tr.t('account.person')}>
                <span>
                  {personName(member)}
                  {member.title && (
                    <>
                      <br />
                      <span class="muted">{member.title}</span>
                    </>
                  )}
                </span>
              </td>
              <td data-label={tr.t('account.role')}>
                {roleText(tr, member.role)}
                {(member.why.unsure ?? false) && (
                  <span class="muted" data-unsure="true" title={tr.t('account.unsureWhy')}>
                    {' '}
                    ({tr.t('account.unsure')})
                  </span>
                )}
              </td>
              <td data-label={tr.t('account.engagement')} class="num">
                {tr.number(member.engagement, { maximumFractionDigits: 1 })}
              </td>
              <td data-label={tr.t('account.topicsOf')}>{member.topics.join(', ') || '–'}</td>
            </tr>
          ))}
        </CardTable>
      )}
      <h3>{tr.t('account.missing')}</h3>
      <p>
        {committee.missingRoles.length === 0
          ? tr.t('account.noneMissing')
          : committee.missingRoles.map((role) => roleText(tr, role)).join(', ')}
      </p>
      <h3>{tr.t('account.recommended')}</h3>
      {committee.recommendedContacts.length === 0 ? (
        <p>{tr.t('account.noRecommended')}</p>
      ) : (
        <ul data-section="recommended">
          {committee.recommendedContacts.map((person) => (
            <li>
              {/* The address once: as the link, and as the name when the contact has none. */}
              {person.name === null ? (
                <strong>
                  <a href={mailtoHref(person.email)}>{person.email}</a>
                </strong>
              ) : (
                <strong>{person.name}</strong>
              )}
              {person.title && <> — {person.title}</>} ({roleText(tr, person.role)})
              {person.name !== null && (
                <>
                  {' '}
                  <a href={mailtoHref(person.email)}>{person.email}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
