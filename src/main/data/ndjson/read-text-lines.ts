import { createReadStream } from 'node:fs'
import { addAbortSignal, type Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'

export interface TextLine {
  text: string
  /** 1-based line number in the (decompressed) file. */
  line: number
  /** Bytes read from the file on disk so far (compressed bytes for `.gz`), for progress. */
  bytesRead: number
}

/**
 * Streams the non-blank lines of a UTF-8 text file, gunzipping `.gz` files on the way. A trailing
 * `\r` and a leading byte-order mark are dropped.
 */
export async function* readTextLines(
  path: string,
  options: { signal?: AbortSignal } = {}
): AsyncGenerator<TextLine> {
  const file = createReadStream(path)
  const source: Readable = path.endsWith('.gz') ? file.pipe(createGunzip()) : file
  if (source !== file) file.on('error', (error) => source.destroy(error))
  if (options.signal) addAbortSignal(options.signal, source)
  source.setEncoding('utf8')

  let line = 0
  let rest = ''
  try {
    for await (const piece of source as AsyncIterable<string>) {
      const text = rest === '' ? piece : rest + piece
      let start = 0
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        line++
        const content = lineContent(text, start, end, line)
        if (content !== undefined) yield { text: content, line, bytesRead: file.bytesRead }
        start = end + 1
      }
      rest = text.slice(start)
    }
    if (rest !== '') {
      line++
      const content = lineContent(rest, 0, rest.length, line)
      if (content !== undefined) yield { text: content, line, bytesRead: file.bytesRead }
    }
  } finally {
    source.destroy()
    file.destroy()
  }
}

function lineContent(text: string, start: number, end: number, line: number): string | undefined {
  let from = start
  let to = end
  if (line === 1 && text.charCodeAt(from) === 0xfeff) from++
  if (to > from && text.charCodeAt(to - 1) === 13) to--
  const content = text.slice(from, to)
  return content.trim() === '' ? undefined : content
}
