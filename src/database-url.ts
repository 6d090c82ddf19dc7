/** Whether a URL names a PostgreSQL server (DATABASE_URL's two schemes). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\/./i.test(url)
}

/** The URL without its password, for logs and messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'postgres://…'
  }
}
