import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import { AppError } from '../../../../shared/errors'
import type { ColumnSource } from '../columns/column-source'
import {
  CACHE_FORMAT_VERSION,
  CACHE_MAGIC,
  PREAMBLE_BYTES,
  type CacheHeader,
  type CacheSection
} from './cache-format'

/** Why a cache file cannot be used as it is (it is then rebuilt, and this is said in a note). */
export class CacheUnusable extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'CacheUnusable'
  }
}

/** A section failed its checksum while a query read it: the cache is rebuilt and the query rerun. */
export class CacheDamagedError extends AppError {
  constructor(
    readonly path: string,
    readonly section: string
  ) {
    super('DATA_INVALID', `The workspace cache ${path} is damaged (section ${section}).`, {
      path,
      section
    })
    this.name = 'CacheDamagedError'
  }
}

const decoder = new TextDecoder()

/** Closes the descriptor of a cache file nothing reads any more. */
const closeWhenUnreachable = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd)
  } catch {
    // already closed
  }
})

/**
 * The sections of a cache file, read one at a time on first use (with positioned reads from a file
 * descriptor kept open, so a cache replaced meanwhile does not mix with this one) and checked
 * against their CRC-32.
 */
export class FileColumns implements ColumnSource {
  private readonly byName: Map<string, CacheSection>
  private fd: number | null

  private constructor(
    readonly path: string,
    fd: number,
    readonly header: CacheHeader
  ) {
    this.fd = fd
    this.byName = new Map(header.sections.map((section) => [section.name, section]))
    closeWhenUnreachable.register(this, fd, this)
  }

  /** Opens a cache file and checks its preamble, header and size; CacheUnusable says why not. */
  static open(path: string): FileColumns {
    const fd = openSync(path, 'r')
    try {
      const size = fstatSync(fd).size
      const preamble = readExactly(fd, 0, PREAMBLE_BYTES, size)
      if (!preamble || decoder.decode(preamble.subarray(0, 8)) !== CACHE_MAGIC) {
        throw new CacheUnusable('it is not a workspace cache file')
      }
      const view = new DataView(preamble.buffer, preamble.byteOffset, preamble.byteLength)
      const version = view.getUint32(8, true)
      if (version !== CACHE_FORMAT_VERSION) {
        throw new CacheUnusable(
          `it was made by another version of the app (format ${version}, this one reads ${CACHE_FORMAT_VERSION})`
        )
      }
      const headerLength = view.getUint32(12, true)
      const headerBytes = readExactly(fd, PREAMBLE_BYTES, headerLength, size)
      if (!headerBytes) throw new CacheUnusable(`it is truncated (${size} bytes)`)
      if (crc32(headerBytes) !== view.getUint32(16, true)) {
        throw new CacheUnusable('its header is damaged (checksum mismatch)')
      }
      const header = JSON.parse(decoder.decode(headerBytes)) as CacheHeader
      if (header.fileSize !== size) {
        throw new CacheUnusable(`it is truncated (${size} of ${header.fileSize} bytes)`)
      }
      return new FileColumns(path, fd, header)
    } catch (error) {
      closeSync(fd)
      if (error instanceof SyntaxError) throw new CacheUnusable('its header is not readable')
      throw error
    }
  }

  has(name: string): boolean {
    return this.byName.has(name)
  }

  float64(name: string): Float64Array {
    return new Float64Array(this.read(name, 'f64'))
  }

  int32(name: string): Int32Array {
    return new Int32Array(this.read(name, 'i32'))
  }

  uint32(name: string): Uint32Array {
    return new Uint32Array(this.read(name, 'u32'))
  }

  bytes(name: string): Uint8Array {
    return new Uint8Array(this.read(name, 'u8'))
  }

  json(name: string): unknown {
    return JSON.parse(decoder.decode(this.read(name, 'json')))
  }

  /** Every section's bytes against its checksum (for a full check of a file). */
  verifyAll(): void {
    for (const section of this.header.sections) this.read(section.name, section.kind)
  }

  close(): void {
    if (this.fd === null) return
    closeWhenUnreachable.unregister(this)
    closeSync(this.fd)
    this.fd = null
  }

  private read(name: string, kind: CacheSection['kind']): ArrayBuffer {
    const section = this.byName.get(name)
    if (section?.kind !== kind) throw new CacheDamagedError(this.path, name)
    if (this.fd === null) throw new AppError('INTERNAL', `${this.path} was closed`)
    const buffer = new ArrayBuffer(section.byteLength)
    const bytes = new Uint8Array(buffer)
    let done = 0
    while (done < bytes.length) {
      const read = readSync(this.fd, bytes, done, bytes.length - done, section.offset + done)
      if (read === 0) throw new CacheDamagedError(this.path, name)
      done += read
    }
    if (crc32(bytes) !== section.crc32) throw new CacheDamagedError(this.path, name)
    return buffer
  }
}

function readExactly(
  fd: number,
  position: number,
  length: number,
  size: number
): Uint8Array | null {
  if (position + length > size) return null
  const bytes = new Uint8Array(length)
  let done = 0
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, position + done)
    if (read === 0) return null
    done += read
  }
  return bytes
}
