import type { SectionKind } from '../columns/column-source'

/*
 * The workspace cache file (`.journey-cache`): a fixed 24-byte preamble, a JSON header, then the
 * sections, each starting on an 8-byte boundary so typed arrays can view them in place.
 *
 *   bytes 0..7    "JWCACHE\0"
 *   bytes 8..11   format version (u32, little endian)
 *   bytes 12..15  header length in bytes (u32)
 *   bytes 16..19  CRC-32 of the header bytes (u32)
 *   bytes 20..23  zero
 *   header        UTF-8 JSON: `CacheHeader`
 *   sections      at the offsets the header gives, each with its own CRC-32
 *
 * Numbers are little endian (typed arrays are viewed as stored: the machines we ship to are).
 */
export const CACHE_MAGIC = 'JWCACHE\0'
/** Bump whenever sections, their meaning, or the document-to-columns step change. */
export const CACHE_FORMAT_VERSION = 1
export const PREAMBLE_BYTES = 24
export const CACHE_FILE_NAME = '.journey-cache'

/** A source file as it was when the cache was built. */
export interface SourceFileStamp {
  name: string
  size: number
  mtimeMs: number
}

export interface CacheSection {
  name: string
  kind: SectionKind
  offset: number
  byteLength: number
  crc32: number
}

export interface CacheHeader {
  formatVersion: number
  createdAt: string
  /** The folder the cache was built for (absolute), and its files. */
  folder: string
  files: SourceFileStamp[]
  /**
   * Whatever besides the files changes the columns (the field mapping, when one is used): a
   * different key rebuilds the cache.
   */
  columnsKey: string
  counts: { users: number; sessions: number; events: number }
  fileSize: number
  sections: CacheSection[]
}

export function alignTo8(n: number): number {
  return Math.ceil(n / 8) * 8
}
