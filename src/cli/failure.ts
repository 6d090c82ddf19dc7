/**
 * An ordinary mistake a user can fix (a missing folder, an unknown key, a port in use): main
 * prints its message as one line, `intent: …`, and exits with its code, without a stack.
 * The message names the thing (path, key, port) and says what to do.
 */
export class CliFailure extends Error {
  override name = 'CliFailure'
  readonly exitCode: number

  constructor(message: string, exitCode: number) {
    super(message)
    this.exitCode = exitCode
  }
}

/** The errno code of a Node system error, if it is one. */
export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** Why the file system refused a path, in words, for the codes a user can do something about. */
const FS_REASONS: Record<string, string> = {
  ENOENT: 'it, or its folder, does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EROFS: 'the file system is read-only',
  EEXIST: 'a file is in the way of a folder on the path',
}

export function fsReason(error: unknown): string | undefined {
  const code = errnoOf(error)
  return code === undefined ? undefined : FS_REASONS[code]
}
