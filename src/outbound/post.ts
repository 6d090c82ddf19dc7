import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { classOfError, classOfStatus, type FailureClass } from './failures.ts'
import type { OutboundPolicy, ResolvedAddress } from './policy.ts'
import { screenTarget } from './target.ts'

/** A receiver gets this long to connect, and this long for the whole exchange, DNS included. */
export const LIMITS = {
  connectMs: 5_000,
  totalMs: 10_000,
  replyBytes: 64 * 1024,
  headerBytes: 16 * 1024,
}

/** `code` is a socket error's, for the operator's log only; `status` an error reply's. */
export type Sent =
  | { ok: true }
  | { ok: false; failure: FailureClass; code?: string; status?: number }

const TIMED_OUT: Sent = { ok: false, failure: 'timeout' }
const TOO_LARGE: Sent = { ok: false, failure: 'reply_too_large' }

/** Hands the socket the addresses already checked, so nothing resolves the name a second time. */
function pinned(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, addresses)
    else callback(null, addresses[0]!.address, addresses[0]!.family)
  }
}

/**
 * One POST to checked addresses. Redirects are not followed (the signature would go with
 * them); the reply is counted, never kept, and cut at `replyBytes`.
 */
function send(
  url: URL,
  addresses: ResolvedAddress[],
  headers: Record<string, string>,
  body: string,
  deadline: AbortSignal,
): Promise<Sent> {
  return new Promise((resolve) => {
    if (deadline.aborted) return resolve(TIMED_OUT)
    const payload = Buffer.from(body)
    const request = (url.protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(payload.length) },
      agent: false,
      lookup: pinned(addresses),
      maxHeaderSize: LIMITS.headerBytes,
    })
    const connecting = setTimeout(() => finish(TIMED_OUT), LIMITS.connectMs)
    const onDeadline = () => finish(TIMED_OUT)
    deadline.addEventListener('abort', onDeadline)
    let done = false
    function finish(result: Sent) {
      if (done) return
      done = true
      clearTimeout(connecting)
      deadline.removeEventListener('abort', onDeadline)
      request.destroy()
      resolve(result)
    }
    request.once('socket', (socket) => {
      const ready = url.protocol === 'https:' ? 'secureConnect' : 'connect'
      socket.once(ready, () => clearTimeout(connecting))
    })
    request.on('error', (error) =>
      finish({ ok: false, failure: classOfError(error), code: (error as { code?: string }).code }),
    )
    request.once('response', (response) => {
      const status = response.statusCode ?? 0
      const failure = classOfStatus(status)
      if (failure === 'redirect') return finish({ ok: false, failure, status })
      if (Number(response.headers['content-length'] ?? 0) > LIMITS.replyBytes)
        return finish(TOO_LARGE)
      let read = 0
      response.on('data', (chunk: Buffer) => {
        read += chunk.length
        if (read > LIMITS.replyBytes) finish(TOO_LARGE)
      })
      response.once('end', () =>
        finish(failure === null ? { ok: true } : { ok: false, failure, status }),
      )
      response.once('error', () => finish({ ok: false, failure: 'connect' }))
    })
    request.end(payload)
  })
}

/** POSTs a JSON notification if, and only to where, the policy allows; says how it went by class. */
export async function postNotification(
  policy: OutboundPolicy,
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<Sent> {
  const deadline = new AbortController()
  const timer = setTimeout(() => deadline.abort(), LIMITS.totalMs)
  // A resolver that hangs must not outlast the deadline either.
  const expired = new Promise<null>((resolve) =>
    deadline.signal.addEventListener('abort', () => resolve(null), { once: true }),
  )
  try {
    const screened = await Promise.race([screenTarget(policy, url), expired])
    if (screened === null) return TIMED_OUT
    if (!screened.ok) return { ok: false, failure: screened.failure }
    return await send(screened.url, screened.addresses, headers, body, deadline.signal)
  } finally {
    clearTimeout(timer)
  }
}
