import type { Account } from '../../records.ts'
import type { Fit } from '../../scoring/fit.ts'
import type { Translator } from '../i18n/index.ts'
import { industryText } from './badges.tsx'

function countryName(tr: Translator, code: string): string {
  try {
    return new Intl.DisplayNames(tr.locale, { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

/** What the company is, and how it matches the ideal customer profile. */
export function Firmographics({
  tr,
  account,
  fit,
}: {
  tr: Translator
  account: Account
  fit: Fit
}) {
  const unknown = tr.t('account.unknown')
  return (
    <dl class="facts" data-section="firmographics">
      <dt>{tr.t('account.domain')}</dt>
      <dd>{account.domain}</dd>
      <dt>{tr.t('account.industry')}</dt>
      <dd>{account.industry === null ? unknown : industryText(tr, account.industry)}</dd>
      <dt>{tr.t('account.employees')}</dt>
      <dd>{account.employees === null ? unknown : tr.number(account.employees)}</dd>
      <dt>{tr.t('account.revenue')}</dt>
      <dd>
        {account.revenue === null
          ? unknown
          : tr.number(account.revenue, {
              style: 'currency',
              currency: 'USD',
              notation: 'compact',
              maximumFractionDigits: 1,
            })}
      </dd>
      <dt>{tr.t('account.country')}</dt>
      <dd>{account.country === null ? unknown : countryName(tr, account.country)}</dd>
      <dt>{tr.t('account.technologies')}</dt>
      <dd>{account.technologies.length ? account.technologies.join(', ') : unknown}</dd>
      <dt>{tr.t('account.fit')}</dt>
      <dd>
        {fit.grade === null || fit.score === null ? (
          <span data-fit-grade="none">{tr.t('account.fitNone')}</span>
        ) : (
          <>
            <strong data-fit-grade={fit.grade}>{fit.grade}</strong> ({tr.number(fit.score)}/100,{' '}
            {tr.t(fit.basis === 'lookalike' ? 'account.fitLookalike' : 'account.fitProfile')})
          </>
        )}
        {fit.matched.length > 0 && (
          <>
            <br />
            {tr.t('account.matched')}: {fit.matched.join(', ')}
          </>
        )}
        {fit.missed.length > 0 && (
          <>
            <br />
            {tr.t('account.missed')}: {fit.missed.join(', ')}
          </>
        )}
      </dd>
    </dl>
  )
}
