import type { MessageKey, Translator } from '../i18n/index.ts'
import { Layout } from '../layout.tsx'

/** `/signin`: one field for an API key; `next` rides along so the user lands where they were going. */
export function SignInPage(props: {
  tr: Translator
  url: URL
  next: string
  error?: MessageKey | undefined
  notice?: MessageKey | undefined
}) {
  const { tr, url, next, error, notice } = props
  return (
    <Layout tr={tr} title={tr.t('signin.title')} url={url}>
      <div class="signin panel">
        <h1>{tr.t('signin.title')}</h1>
        {notice && <p role="status">{tr.t(notice)}</p>}
        {error && (
          <p class="errors" role="alert" id="key-error">
            {tr.t(error)}
          </p>
        )}
        <p>{tr.t('signin.intro')}</p>
        <form method="post" action="/signin">
          <input type="hidden" name="next" value={next} />
          <div>
            <label for="key">{tr.t('signin.key')}</label>
            <input
              id="key"
              name="key"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'key-error' : undefined}
            />
          </div>
          <button type="submit">{tr.t('signin.submit')}</button>
        </form>
      </div>
    </Layout>
  )
}
