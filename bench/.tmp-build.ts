import { buildLookupDatabase } from '/work/main/bench/build-db.ts'
import { mkdirSync, rmSync } from 'node:fs'
const [dir, a, s] = process.argv.slice(2)
rmSync(dir!, { recursive: true, force: true })
mkdirSync(dir!, { recursive: true })
console.log(buildLookupDatabase(dir!, Number(a), Number(s)))
