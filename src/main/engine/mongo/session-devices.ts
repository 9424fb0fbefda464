import type { Db } from 'mongodb'
import type { DocumentId } from '../../../shared/journeys/documents'
import type { Segment } from '../../../shared/journeys/query-schemas'
import type { CallContext } from '../../../shared/rpc/contract'
import { idKey } from '../rules/id-key'
import type { DeviceInfo } from '../reducers/scope-filter'
import { sessionDevicesFind, type FindSpec } from './find-specs'
import { streamFind, type CursorOptions } from './run-find'

/** `deviceInfo` by session id key; a session that is absent (or outside the segment) has none. */
export interface SessionDevices {
  get(sessionId: DocumentId): DeviceInfo | undefined
  /** By the session's `idKey`, for reducers that keep keys rather than ids. */
  getByKey(sessionKey: string): DeviceInfo | undefined
  readonly size: number
}

export function needsSessionDevices(segment: Segment, breakdown: unknown): boolean {
  return segment.browsers !== undefined || segment.operatingSystems !== undefined || !!breakdown
}

/**
 * Streams the sessions' devices into memory before the events are read.
 *
 * Memory trade-off: the map holds one entry per session (in the segment, when it names browsers or
 * systems): an id key string and a pointer to a shared `deviceInfo` (devices are interned, there are
 * only a few dozen distinct ones), roughly 80-120 bytes a session, so about 100 MB for a million
 * sessions. The alternatives are worse on servers without `$lookup`: a round trip per user or
 * session, or re-sorting events by session. Funnels only need it for a browser/OS segment or a
 * breakdown; overviews always (browser and OS shares).
 */
export async function loadSessionDevices(
  db: Db,
  segment: Segment,
  options: CursorOptions,
  context: CallContext
): Promise<{ devices: SessionDevices; spec: FindSpec }> {
  const spec = sessionDevicesFind(segment)
  const byKey = new Map<string, DeviceInfo>()
  const interned = new Map<string, DeviceInfo>()
  await streamFind<{ _id: DocumentId; deviceInfo?: unknown }>(
    db,
    spec,
    options,
    context,
    'Reading sessions',
    (session) => {
      byKey.set(idKey(session._id), internDevice(interned, session.deviceInfo))
    }
  )
  const devices: SessionDevices = {
    get: (sessionId) => byKey.get(idKey(sessionId)),
    getByKey: (sessionKey) => byKey.get(sessionKey),
    get size() {
      return byKey.size
    }
  }
  return { devices, spec }
}

/**
 * Session devices gathered as sessions are met (a mapped source derives its sessions while its
 * events are read): each session is added before any of its events is reduced.
 */
export class SessionDeviceMap implements SessionDevices {
  private readonly byKey = new Map<string, DeviceInfo>()
  private readonly interned = new Map<string, DeviceInfo>()

  add(sessionId: DocumentId, deviceInfo: unknown): void {
    this.byKey.set(idKey(sessionId), internDevice(this.interned, deviceInfo))
  }

  get(sessionId: DocumentId): DeviceInfo | undefined {
    return this.byKey.get(idKey(sessionId))
  }

  getByKey(sessionKey: string): DeviceInfo | undefined {
    return this.byKey.get(sessionKey)
  }

  get size(): number {
    return this.byKey.size
  }

  /** Every session's device (shared objects), for counting. */
  values(): IterableIterator<DeviceInfo> {
    return this.byKey.values()
  }
}

/** Sessions present without a usable `deviceInfo` still exist: they get an empty device. */
function internDevice(interned: Map<string, DeviceInfo>, value: unknown): DeviceInfo {
  const raw = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {}
  const device: DeviceInfo = {}
  if (typeof raw.browser === 'string') device.browser = raw.browser
  if (typeof raw.os === 'string') device.os = raw.os
  const key = `${device.browser ?? '\u0000'}\u0001${device.os ?? '\u0000'}`
  let shared = interned.get(key)
  if (!shared) {
    shared = Object.freeze(device)
    interned.set(key, shared)
  }
  return shared
}
