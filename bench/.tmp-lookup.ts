import { accountPaths, ingestWhile, load, serve } from './lookup.ts'
const served = await serve(process.argv[2]!)
console.log('startup ms', served.startupMs)
const paths = await accountPaths(served.base)
const t = performance.now()
for (const p of paths)
  await fetch(served.base + p, {
    headers: { authorization: 'Bearer bench-lookup-admin-key-0123456789' },
  }).then((r) => r.arrayBuffer())
console.log('warm', performance.now() - t)
console.log('hello', await load(served.base, 8, 50, ['/ping']))
console.log('lookup', await load(served.base, 8, 50, paths))
console.log('mixed', await ingestWhile(served.base, load(served.base, 8, 50, paths)))
await served.stop()
