import type { Context } from 'hono'
import type { HtmlEscapedString } from 'hono/utils/html'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Principal } from '../domain/keys.ts'
import type { Translator } from './i18n/index.ts'
import { MessagePage } from './pages/message.tsx'

type Page = HtmlEscapedString | Promise<HtmlEscapedString>

export async function render(c: Context, page: Page, status: ContentfulStatusCode = 200) {
  return c.html(`<!DOCTYPE html>${await page}`, status)
}

/** A page that only says what went wrong (404, 413, 429), in the reader's language. */
export function renderMessage(
  c: Context,
  options: {
    tr: Translator
    principal?: Principal | undefined
    title: string
    message: string
    status: ContentfulStatusCode
  },
) {
  const { tr, principal, title, message, status } = options
  return render(
    c,
    <MessagePage
      tr={tr}
      url={new URL(c.req.url)}
      principal={principal}
      title={title}
      message={message}
    />,
    status,
  )
}
