// A separate load-generator process (autocannon), so the server under test has its cores to
// itself as far as two cores allow. Usage: node bench/load-client.mjs <base> <seconds> <connections> <key> <path>... | @<file>
// Prints one JSON line: requests/s, latency p50/p99 (ms), errors and non-2xx count.
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'

const [base, seconds, connections, key, ...args] = process.argv.slice(2)
// `@file` names a file of paths, one per line: tens of thousands do not fit in argv.
const paths = args[0]?.startsWith('@')
  ? readFileSync(args[0].slice(1), 'utf8').split('\n').filter(Boolean)
  : args
let next = 0
const result = await autocannon({
  url: base,
  duration: Number(seconds),
  connections: Number(connections),
  // Pages are read with a session cookie (LOAD_COOKIE), the API with a key.
  headers: {
    ...(key ? { authorization: `Bearer ${key}` } : {}),
    ...(process.env.LOAD_COOKIE ? { cookie: process.env.LOAD_COOKIE } : {}),
  },
  requests: [
    {
      setupRequest: (request) => {
        request.path = paths[next++ % paths.length]
        return request
      },
    },
  ],
})
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  })}\n`,
)
