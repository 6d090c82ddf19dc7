import { createReadStream, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Ctx } from '../domain/context.ts'
import { BadFileError, type ImportSummary, importFile } from './import.ts'
import type { Entity } from './rows.ts'

const ENTITIES: Entity[] = ['accounts', 'contacts', 'signals', 'outcomes']
const KINDS: Record<string, Entity> = {
  account: 'accounts',
  contact: 'contacts',
  signal: 'signals',
  outcome: 'outcomes',
}

/** The files of a book folder: `accounts.ndjson` (or `.jsonl`, `.csv`), `signals.…`, and so on. */
function folderFiles(dir: string): { entity: Entity; file: string; format: 'csv' | 'ndjson' }[] {
  const found = []
  for (const entity of ENTITIES) {
    for (const [extension, format] of [
      ['ndjson', 'ndjson'],
      ['jsonl', 'ndjson'],
      ['csv', 'csv'],
    ] as const) {
      const file = join(dir, `${entity}.${extension}`)
      if (existsSync(file)) {
        found.push({ entity, file, format })
        break
      }
    }
  }
  return found
}

/** One NDJSON file whose lines say what they are (`"kind": "account" | "contact" | "signal" | "outcome"`), split by kind. */
async function splitByKind(file: string, into: string) {
  const lines: Record<Entity, string[]> = { accounts: [], contacts: [], signals: [], outcomes: [] }
  let number = 0
  for await (const text of createInterface({
    input: createReadStream(file),
    crlfDelay: Infinity,
  })) {
    number += 1
    if (text.trim() === '') continue
    let row: Record<string, unknown>
    try {
      row = JSON.parse(text) as Record<string, unknown>
    } catch {
      throw new BadFileError(`${file}, line ${number}: not valid JSON.`)
    }
    const entity = KINDS[String(row.kind)]
    if (!entity)
      throw new BadFileError(
        `${file}, line ${number}: "kind" must be account, contact, signal or outcome.`,
      )
    const { kind: _kind, ...record } = row
    lines[entity].push(JSON.stringify(record))
  }
  return ENTITIES.filter((entity) => lines[entity].length > 0).map((entity) => {
    const path = join(into, `${entity}.ndjson`)
    writeFileSync(path, `${lines[entity].join('\n')}\n`)
    return { entity, file: path, format: 'ndjson' as const }
  })
}

/**
 * Loads an export of accounts, contacts, signals and outcomes through the same validation as
 * `intent import`: a folder of per-entity CSV or NDJSON files, or one NDJSON file of
 * kind-tagged lines. Rejected rows go to a rejects file in a temporary folder, and are counted.
 */
export async function loadBook(ctx: Ctx, path: string): Promise<Record<string, ImportSummary>> {
  if (!existsSync(path)) throw new BadFileError(`${path}: no such file or folder.`)
  const work = mkdtempSync(join(tmpdir(), 'intent-book-'))
  try {
    const files = statSync(path).isDirectory() ? folderFiles(path) : await splitByKind(path, work)
    if (files.length === 0)
      throw new BadFileError(`${path} holds no accounts, contacts, signals or outcomes files.`)
    const summaries: Record<string, ImportSummary> = {}
    for (const { entity, file, format } of files) {
      summaries[entity] = await importFile(ctx, {
        entity,
        file,
        format,
        rejectsPath: join(work, `${entity}.rejects.ndjson`),
      })
    }
    return summaries
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
