import { statfsSync } from 'node:fs'
import { dirname } from 'node:path'
import type { Clock } from '../clock.ts'
import type { Logger } from '../logger.ts'
import { errorCodeOf, type StorageFault, storageFaultOf, UnstorableText } from '../store/faults.ts'

export { type StorageFault, storageFaultOf, UnstorableText }

/** A write the storage refused: what kind, the driver's code, and when. */
export interface WriteFault {
  fault: 'full' | 'unavailable'
  code: string
  at: number
}

/** How long after a refused write, with none succeeding since, the service says it is degraded. */
export const FAULT_WINDOW_MS = 60_000
/** statfs is cheap, but /healthz may be probed many times a second. */
const FREE_SPACE_TTL_MS = 5_000

/**
 * What the service knows of its storage: the last write it refused and whether one has
 * succeeded since, and the free space on the database's volume. An episode (from the first
 * refused write to the next that succeeds) is logged once as a warning and once as recovered,
 * not once per failed request: a full disk under load would otherwise flood the log.
 */
export class StorageHealth {
  private lastFault: WriteFault | null = null
  private inEpisode = false
  private free: { at: number; bytes: number | null } | null = null

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** The database file; null for an in-memory database, which has no volume to watch. */
    private readonly dbPath: string | null,
  ) {}

  /** A write failed for a reason of the storage's. */
  failed(fault: WriteFault['fault'], error: unknown): void {
    const code = errorCodeOf(error) ?? 'unknown'
    this.lastFault = { fault, code, at: this.clock.now() }
    if (this.inEpisode) return
    this.inEpisode = true
    this.logger.warn(
      { code: fault === 'full' ? 'storage_full' : 'storage_unavailable', cause: code },
      fault === 'full'
        ? 'storage full: writes are refused until space is freed'
        : 'storage unavailable: writes are refused',
    )
  }

  /** A write succeeded: an episode of refused writes, if any, is over. */
  succeeded(): void {
    if (!this.inEpisode) return
    this.inEpisode = false
    this.lastFault = null
    this.logger.info({ code: 'storage_recovered' }, 'storage recovered: writes succeed again')
  }

  /** The refused write that makes the service degraded now, if any. */
  currentFault(): WriteFault | null {
    const fault = this.lastFault
    if (fault === null || !this.inEpisode) return null
    return this.clock.now() - fault.at <= FAULT_WINDOW_MS ? fault : null
  }

  /** Free bytes on the database's volume (for the unprivileged user); null when unknown. */
  freeBytes(): number | null {
    if (this.dbPath === null) return null
    const now = this.clock.now()
    if (this.free !== null && now - this.free.at < FREE_SPACE_TTL_MS) return this.free.bytes
    let bytes: number | null = null
    try {
      const stats = statfsSync(dirname(this.dbPath))
      bytes = Number(stats.bavail) * Number(stats.bsize)
    } catch {
      // A volume that cannot be asked is reported by the writes that fail on it.
    }
    this.free = { at: now, bytes }
    return bytes
  }
}

/**
 * How background work (the refresher, deliveries, jobs, a key's last use) reports a failure:
 * a fault of the storage goes to the service's StorageHealth, which makes /healthz degraded and
 * logs the episode once, instead of a warning with a stack every round while the disk is full;
 * anything else is logged as `message`.
 */
export function reportBackgroundFailure(
  ctx: { health: { storage: StorageHealth }; logger: Logger },
  error: unknown,
  message: string,
  fields: Record<string, unknown> = {},
): void {
  const fault = storageFaultOf(error)
  if (fault === 'full' || fault === 'unavailable') ctx.health.storage.failed(fault, error)
  else ctx.logger.warn({ ...fields, err: error }, message)
}
