import { open, rename, rm } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import type { MemoryColumns, NumericColumn } from '../columns/column-source'
import {
  alignTo8,
  CACHE_FORMAT_VERSION,
  CACHE_MAGIC,
  PREAMBLE_BYTES,
  type CacheHeader,
  type CacheSection
} from './cache-format'

const encoder = new TextEncoder()

export interface CacheIdentity {
  folder: string
  files: CacheHeader['files']
  columnsKey: string
  counts: CacheHeader['counts']
}

/**
 * Writes the sections of a data set as one cache file: first to a `.partial` file of its own, then
 * renamed over `path`, so a reader never sees half a file and two writers never mix theirs.
 * Returns the bytes written.
 */
export async function writeDatasetCache(
  path: string,
  columns: MemoryColumns,
  identity: CacheIdentity
): Promise<number> {
  const bodies: { section: Omit<CacheSection, 'offset'>; bytes: Uint8Array }[] = []
  for (const { name, kind, value } of columns.sections()) {
    const bytes =
      kind === 'json' ? encoder.encode(JSON.stringify(value)) : asBytes(value as NumericColumn)
    bodies.push({
      section: { name, kind, byteLength: bytes.byteLength, crc32: crc32(bytes) },
      bytes
    })
  }
  // The header holds the offsets, and its length moves them: lay out once to measure it, then
  // again leaving room for it (offsets may grow a digit), padded with spaces to fill that room.
  const createdAt = new Date().toISOString()
  const room = encoder.encode(JSON.stringify(layout(identity, bodies, 0, createdAt))).length * 2
  const header = layout(identity, bodies, room, createdAt)
  const headerJson = encoder.encode(JSON.stringify(header))
  if (headerJson.length > room) throw new Error('cache header outgrew its room')
  const headerBytes = new Uint8Array(room).fill(0x20)
  headerBytes.set(headerJson)

  const preamble = new Uint8Array(PREAMBLE_BYTES)
  preamble.set(encoder.encode(CACHE_MAGIC), 0)
  const view = new DataView(preamble.buffer)
  view.setUint32(8, CACHE_FORMAT_VERSION, true)
  view.setUint32(12, headerBytes.length, true)
  view.setUint32(16, crc32(headerBytes), true)

  const partial = `${path}.${process.pid}-${Math.random().toString(36).slice(2, 8)}.partial`
  const file = await open(partial, 'w')
  try {
    await file.write(preamble, 0, preamble.length, 0)
    await file.write(headerBytes, 0, headerBytes.length, PREAMBLE_BYTES)
    for (const [k, { bytes }] of bodies.entries()) {
      const offset = (header.sections[k] as CacheSection).offset
      if (bytes.byteLength > 0) await file.write(bytes, 0, bytes.byteLength, offset)
    }
    await file.truncate(header.fileSize)
    await file.close()
    await rename(partial, path)
  } catch (error) {
    await file.close().catch(() => undefined)
    await rm(partial, { force: true })
    throw error
  }
  return header.fileSize
}

function layout(
  identity: CacheIdentity,
  bodies: { section: Omit<CacheSection, 'offset'> }[],
  headerRoom: number,
  createdAt: string
): CacheHeader {
  let offset = alignTo8(PREAMBLE_BYTES + headerRoom)
  const sections = bodies.map(({ section }) => {
    const placed = { ...section, offset }
    offset = alignTo8(offset + section.byteLength)
    return placed
  })
  return {
    formatVersion: CACHE_FORMAT_VERSION,
    createdAt,
    ...identity,
    fileSize: offset,
    sections
  }
}

function asBytes(array: NumericColumn): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength)
}
