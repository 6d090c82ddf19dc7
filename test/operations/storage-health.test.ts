import { describe, expect, it } from 'vitest'
import { fixedClock } from '../../src/clock.ts'
import {
  FAULT_WINDOW_MS,
  reportBackgroundFailure,
  StorageHealth,
} from '../../src/domain/storage-health.ts'
import type { Logger } from '../../src/logger.ts'
import { storageFaultOf } from '../../src/store/faults.ts'

const coded = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, cause })

/** A logger that keeps what it was told, to count warnings per episode. */
function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = []
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg = '') =>
      lines.push({ level, fields, msg })
  const logger = { warn: at('warn'), info: at('info'), error: at('error') } as unknown as Logger
  return { logger, lines }
}

describe('storageFaultOf', () => {
  it('reads SQLite and Node codes, extended codes and wrapped causes', () => {
    expect(storageFaultOf(coded('SQLITE_FULL'))).toBe('full')
    expect(storageFaultOf(coded('ENOSPC'))).toBe('full')
    expect(storageFaultOf(coded('SQLITE_IOERR_WRITE'))).toBe('unavailable')
    expect(storageFaultOf(coded('SQLITE_IOERR'))).toBe('unavailable')
    expect(storageFaultOf(coded('SQLITE_READONLY_DBMOVED'))).toBe('unavailable')
    expect(storageFaultOf(coded('SQLITE_CANTOPEN'))).toBe('unavailable')
    expect(storageFaultOf(coded('EIO'))).toBe('unavailable')
    expect(storageFaultOf(coded('SQLITE_BUSY_SNAPSHOT'))).toBe('busy')
    expect(storageFaultOf(coded('SQLITE_LOCKED'))).toBe('busy')
    expect(storageFaultOf(new Error('wrapped', { cause: coded('SQLITE_FULL') }))).toBe('full')
  })

  it('says nothing of errors that are not about the storage', () => {
    expect(storageFaultOf(coded('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull()
    expect(storageFaultOf(coded('ENOENT'))).toBeNull()
    expect(storageFaultOf(new TypeError('x'))).toBeNull()
    expect(storageFaultOf(null)).toBeNull()
    expect(storageFaultOf('SQLITE_FULL')).toBeNull()
  })
})

describe('StorageHealth', () => {
  it('is degraded from a refused write until one succeeds, and logs the episode once each way', () => {
    const clock = fixedClock('2026-12-01T00:00:00Z')
    const { logger, lines } = recordingLogger()
    const health = new StorageHealth(clock, logger, null)
    expect(health.currentFault()).toBeNull()
    for (let i = 0; i < 50; i++) health.failed('full', coded('SQLITE_FULL'))
    expect(health.currentFault()).toMatchObject({ fault: 'full', code: 'SQLITE_FULL' })
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1)
    expect(lines[0]!.fields).toMatchObject({ code: 'storage_full', cause: 'SQLITE_FULL' })
    expect(lines.some((line) => line.level === 'error')).toBe(false)

    health.succeeded()
    health.succeeded()
    expect(health.currentFault()).toBeNull()
    expect(lines.filter((line) => line.level === 'info')).toHaveLength(1)

    health.failed('unavailable', coded('SQLITE_IOERR_WRITE'))
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(2)
    expect(lines.at(-1)!.fields).toMatchObject({ code: 'storage_unavailable' })
  })

  it('stops saying degraded a minute after the last refused write', () => {
    const clock = fixedClock('2026-12-01T00:00:00Z')
    const health = new StorageHealth(clock, recordingLogger().logger, null)
    health.failed('full', coded('SQLITE_FULL'))
    clock.set(clock.now() + FAULT_WINDOW_MS)
    expect(health.currentFault()).not.toBeNull()
    clock.set(clock.now() + 1)
    expect(health.currentFault()).toBeNull()
  })

  it('knows the free space of a real volume, and none of an in-memory database', () => {
    const clock = fixedClock('2026-12-01T00:00:00Z')
    const onDisk = new StorageHealth(clock, recordingLogger().logger, `${process.cwd()}/x.db`)
    expect(onDisk.freeBytes()).toBeGreaterThan(0)
    expect(new StorageHealth(clock, recordingLogger().logger, null).freeBytes()).toBeNull()
  })
})

describe('a background failure', () => {
  it('of the storage makes the service degraded and is logged once; any other is a warning', () => {
    const clock = fixedClock('2026-12-01T00:00:00Z')
    const { logger, lines } = recordingLogger()
    const ctx = { logger, health: { storage: new StorageHealth(clock, logger, null) } }
    for (let round = 0; round < 10; round++)
      reportBackgroundFailure(ctx, coded('SQLITE_FULL'), 'score refresh failed; will retry')
    expect(ctx.health.storage.currentFault()).toMatchObject({ fault: 'full' })
    expect(lines).toHaveLength(1)
    expect(lines[0]!.fields).toMatchObject({ code: 'storage_full' })

    reportBackgroundFailure(ctx, new Error('receiver said no'), 'delivery round failed; will retry')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toMatchObject({ level: 'warn', msg: 'delivery round failed; will retry' })
  })
})
