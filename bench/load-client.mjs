// A separate load-generator process (autocannon), so the server under test has its cores to
// itself as far as two cores allow. Usage: node bench/load-client.mjs <base> <seconds> <connections> <key> <path>...
// Prints one JSON line: requests/s, latency p50/p99 (ms), errors and non-2xx count.
import autocannon from 'autocannon'

const [base, seconds, connections, key, ...paths] = process.argv.slice(2)
let next = 0
const result = await autocannon({
  url: base,
  duration: Number(seconds),
  connections: Number(connections),
  headers: key ? { authorization: `Bearer ${key}` } : {},
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
