/** A session cookie for the pages, signed in with a key as a seller would. */
export async function signIn(base: string, key: string): Promise<string> {
  const response = await fetch(`${base}/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base },
    body: new URLSearchParams({ key, next: '/' }),
  })
  const cookie = response.headers.get('set-cookie')
  if (response.status !== 303 || !cookie) throw new Error(`sign-in failed: ${response.status}`)
  return cookie.split(';')[0]!
}

export interface Probe {
  p50: number
  p99: number
  max: number
  samples: number
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0

/**
 * What a load balancer's probe sees: `/healthz` asked every 20 ms, one at a time, until `work`
 * ends; each answer's time from request to last byte.
 */
export async function probeHealth<T>(base: string, work: Promise<T>): Promise<[T, Probe]> {
  let done = false
  const result = work.finally(() => {
    done = true
  })
  const times: number[] = []
  const prober = async () => {
    while (!done) {
      const started = performance.now()
      await fetch(`${base}/healthz`).then((r) => r.arrayBuffer())
      times.push(performance.now() - started)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  const [value] = await Promise.all([result, prober()])
  times.sort((a, b) => a - b)
  const round = (ms: number) => Math.round(ms * 10) / 10
  return [
    value,
    {
      p50: round(percentile(times, 50)),
      p99: round(percentile(times, 99)),
      max: round(times.at(-1) ?? 0),
      samples: times.length,
    },
  ]
}
