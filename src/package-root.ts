import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder holding package.json, where the shipped models/ live: one level above src/ when
 * running from source, two above dist/src/ when compiled. Found by walking up, so no module
 * has to know how deep it is in either tree.
 */
function findPackageRoot(from: string): string {
  let folder = from
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder)
    if (parent === folder) throw new Error(`no package.json above ${from}`)
    folder = parent
  }
  return folder
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)))

/** A file shipped in the package's models/ folder (not MODELS_DIR, where training writes). */
export const shippedModelPath = (file: string): string => join(PACKAGE_ROOT, 'models', file)
