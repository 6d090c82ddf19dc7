import type { Principal } from '../../domain/keys.ts'
import type { Translator } from '../i18n/index.ts'
import { Layout } from '../layout.tsx'

/** A page that only says something went wrong: the pages' 404 (the API answers problem+json). */
export function MessagePage(props: {
  tr: Translator
  url: URL
  principal?: Principal | undefined
  title: string
  message: string
}) {
  const { tr, url, principal, title, message } = props
  return (
    <Layout tr={tr} title={title} url={url} principal={principal}>
      <h1>{title}</h1>
      <p data-section="message">{message}</p>
      <p>
        <a href="/">{tr.t('error.back')}</a>
      </p>
    </Layout>
  )
}
