/**
 * A mailto: URI for one address (RFC 6068). The local part and the domain are percent-encoded
 * apart, around the last `@`: an address such as `y?cc=boss%40evil.example@x.com` is a valid
 * e-mail address, and unencoded it would add a Cc header (and `&body=` a body) to the message.
 */
export function mailtoHref(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 0) return `mailto:${encodeURIComponent(email)}`
  return `mailto:${encodeURIComponent(email.slice(0, at))}@${encodeURIComponent(email.slice(at + 1))}`
}
