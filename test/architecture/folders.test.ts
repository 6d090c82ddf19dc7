import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cycles, type ImportEdge, importEdges, isRunTimeSource, SRC } from './import-graph.ts'

const edges = importEdges()
/** "a → b (file → target)" for a failure message that says which import to move. */
const show = (list: readonly ImportEdge[]) =>
  list.map((edge) => `${edge.from} → ${edge.to} (${edge.file} → ${edge.target})`)

describe('the architecture, as the imports draw it', () => {
  it('has no cycle between folders of src/', () => {
    const found = cycles(edges)
    const inCycles = found.map((members) =>
      show(edges.filter((edge) => members.includes(edge.from) && members.includes(edge.to))),
    )
    expect(inCycles).toEqual([])
  })

  it('finds a cycle when there is one (the check itself works)', () => {
    const planted = [
      ...edges,
      { from: 'vocabulary.ts', to: 'store', file: 'planted', target: 'planted' },
    ]
    expect(cycles(planted).length).toBeGreaterThan(0)
  })

  it('keeps the vocabulary a leaf, and the records on the vocabulary alone', () => {
    expect(show(edges.filter((edge) => edge.from === 'vocabulary.ts'))).toEqual([])
    expect(
      show(edges.filter((edge) => edge.from === 'records.ts' && edge.to !== 'vocabulary.ts')),
    ).toEqual([])
  })

  it('keeps the pure packages pure: scoring and committee never reach the store or the edge', () => {
    const impure = edges.filter(
      (edge) =>
        ['scoring', 'committee'].includes(edge.from) &&
        ['store', 'domain', 'http', 'web', 'jobs', 'cli', 'ingest', 'integrations'].includes(
          edge.to,
        ),
    )
    expect(show(impure)).toEqual([])
  })

  it('never imports fixtures/ or test/ from run-time code', () => {
    expect(show(edges.filter((edge) => edge.to.startsWith('outside:')))).toEqual([])
  })

  it('is drawn true in docs/architecture.md: its import list is the real one', () => {
    const doc = readFileSync('docs/architecture.md', 'utf8')
    const block = /```imports\n([\s\S]*?)```/.exec(doc)?.[1] ?? ''
    const drawn = block
      .trim()
      .split('\n')
      .map((line) => line.trim())
    const real = new Map<string, Set<string>>()
    for (const edge of edges) {
      if (!real.has(edge.from)) real.set(edge.from, new Set())
      real.get(edge.from)?.add(edge.to)
    }
    const expected = [...real]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([from, to]) => `${from} → ${[...to].sort().join(', ')}`)
    expect(drawn).toEqual(expected)
  })

  it('keeps the edges on domain verbs: http, web, cli, integrations and jobs never touch ctx.store', () => {
    const files = (folder: string): string[] =>
      readdirSync(folder).flatMap((entry) => {
        const path = join(folder, entry)
        return statSync(path).isDirectory() ? files(path) : isRunTimeSource(entry) ? [path] : []
      })
    const reaching = ['http', 'web', 'cli', 'integrations', 'jobs'].flatMap((edge) =>
      files(join(SRC, edge)).filter((file) => /\bctx\.store\b/.test(readFileSync(file, 'utf8'))),
    )
    expect(reaching).toEqual([])
  })
})
