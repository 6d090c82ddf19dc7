/**
 * The import graph of src/ at the level a maintainer reasons about: each folder is one node
 * (src/store/repos/x.ts belongs to `store`), each file at the top of src/ is its own node
 * (`config.ts`, `vocabulary.ts`, `composition-root.ts`).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export const SRC = resolve(import.meta.dirname, '../../src')
const ROOT = resolve(SRC, '..')

export interface ImportEdge {
  from: string
  to: string
  /** The file that imports, and the file (or folder outside src/) it names. */
  file: string
  target: string
}

/** Run-time code, not the tests beside the routes (routes/<resource>/<operation>.*.test.ts). */
export const isRunTimeSource = (entry: string) =>
  /\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return isRunTimeSource(entry) ? [path] : []
  })
}

/** The first path segment under src/: a folder's name, or a top-level file's own name. */
export const nodeOf = (file: string): string => relative(SRC, file).split('/')[0] ?? ''

// Static imports, re-exports and dynamic import() of relative paths.
const SPECIFIER =
  /(?:^|\n)\s*(?:import|export)[^'"]*?from\s*'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g

export function importEdges(): ImportEdge[] {
  const edges: ImportEdge[] = []
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = match[1] ?? match[2] ?? ''
      const target = resolve(dirname(file), specifier)
      const to = target.startsWith(`${SRC}/`)
        ? nodeOf(target)
        : `outside:${relative(ROOT, target).split('/')[0]}`
      const from = nodeOf(file)
      if (from !== to)
        edges.push({ from, to, file: relative(ROOT, file), target: relative(ROOT, target) })
    }
  }
  return edges
}

/** Strongly connected components with more than one node: each is a cycle between folders. */
export function cycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, Set<string>>()
  for (const edge of edges) {
    if (!next.has(edge.from)) next.set(edge.from, new Set())
    next.get(edge.from)?.add(edge.to)
    if (!next.has(edge.to)) next.set(edge.to, new Set())
  }
  // Tarjan's algorithm.
  let counter = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[][] = []
  const visit = (node: string) => {
    index.set(node, counter)
    low.set(node, counter)
    counter++
    stack.push(node)
    onStack.add(node)
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0))
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0))
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string | undefined
      do {
        member = stack.pop()
        if (member === undefined) break
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1) found.push(component.sort())
    }
  }
  for (const node of next.keys()) if (!index.has(node)) visit(node)
  return found
}
