import type { Context } from 'hono'

/**
 * The posted form, or null when it cannot be parsed (a multipart body with a wrong or missing
 * boundary, or cut short): the sender's mistake, answered 400 rather than a 500. The body is
 * already bounded by the page body limit when this runs.
 */
export async function readForm(c: Context): Promise<Record<string, string | File> | null> {
  try {
    return await c.req.parseBody()
  } catch {
    return null
  }
}
