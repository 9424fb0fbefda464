import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { AppError } from '../../../shared/errors'

/** A non-blank line: `bytes[start..end)`, without its line break (and a leading byte-order mark). */
export type LineBytesHandler = (bytes: Buffer, start: number, end: number, line: number) => void

export interface ReadLineBytesOptions {
  signal?: AbortSignal
  /** After each chunk: bytes read from disk so far (compressed bytes for `.gz`). */
  onChunk?: (bytesRead: number) => void
  /** Only the bytes `[start, end)` of a plain (not gzipped) file; `start` must follow a line break. */
  start?: number
  end?: number
}

const CHUNK_BYTES = 4 * 1024 * 1024

/**
 * Calls `onLine` for every non-blank line of a UTF-8 text file (gunzipping `.gz` files), with the
 * line's bytes in place: no string is made unless the handler makes one. Line numbers count blank
 * lines too, as `readTextLines` does.
 */
export async function readLineBytes(
  path: string,
  onLine: LineBytesHandler,
  options: ReadLineBytesOptions = {}
): Promise<number> {
  const { start: rangeStart = 0, end: rangeEnd } = options
  const file = createReadStream(path, {
    highWaterMark: CHUNK_BYTES,
    start: rangeStart,
    ...(rangeEnd === undefined ? {} : { end: rangeEnd - 1 })
  })
  const source: Readable = path.endsWith('.gz')
    ? file.pipe(createGunzip({ chunkSize: 1024 * 1024 }))
    : file
  if (source !== file) file.on('error', (error) => source.destroy(error))
  const atFileStart = rangeStart === 0
  let line = 0
  let rest: Buffer | null = null
  const emit = (bytes: Buffer, start: number, end: number): void => {
    line++
    let from = start
    let to = end
    if (
      line === 1 &&
      atFileStart &&
      bytes[from] === 0xef &&
      bytes[from + 1] === 0xbb &&
      bytes[from + 2] === 0xbf
    ) {
      from += 3
    }
    if (to > from && bytes[to - 1] === 13) to--
    for (let k = from; k < to; k++) {
      const c = bytes[k]
      if (c !== 32 && c !== 9 && c !== 13) {
        onLine(bytes, from, to, line)
        return
      }
    }
  }
  try {
    for await (const piece of source as AsyncIterable<Buffer>) {
      if (options.signal?.aborted) throw new AppError('CANCELLED', `Reading ${path} was cancelled.`)
      const chunk: Buffer = rest ? Buffer.concat([rest, piece]) : piece
      let start = 0
      for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
        emit(chunk, start, end)
        start = end + 1
      }
      rest = start < chunk.length ? chunk.subarray(start) : null
      options.onChunk?.(file.bytesRead)
    }
    if (rest) emit(rest, 0, rest.length)
    return line
  } finally {
    source.destroy()
    file.destroy()
  }
}
