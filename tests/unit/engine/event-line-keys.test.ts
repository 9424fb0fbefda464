import { describe, expect, it } from 'vitest'
import { parseExtendedJsonLine } from '../../../src/main/data/ndjson/parse-extended-json-line'
import { addEventLine } from '../../../src/main/engine/local/collection-line'
import { ColumnLoad } from '../../../src/main/engine/local/columns/column-load'
import type { MemoryColumns } from '../../../src/main/engine/local/columns/column-source'

const encoder = new TextEncoder()
const at = '"timestamp":{"$date":"2025-06-01T10:00:00.000Z"}'
const common = (id: string) =>
  `{"_id":"${id}","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW",${at},"metadata":{"pageUrl":"/a","duration":3}}`

// Lines whose keys differ from the line before them: other orders, spaces, fewer, more,
// unknown and repeated keys, escaped keys, and a known key inside a longer one.
const LINES = [
  common('e1'),
  common('e2'),
  `{"sessionId":"s1","_id":"e3","userId":"u1","eventType":"PAGE_VIEW",${at},"metadata":{"pageUrl":"/b"}}`,
  `{"sessionId":"s1","_id":"e4","userId":"u1","eventType":"PAGE_VIEW",${at}}`,
  common('e5'),
  `{ "_id" : "e6" , "sessionId":"s1","userId" :"u1","eventType": "PAGE_VIEW",${at},"metadata":{}}`,
  `{"_id":"e7","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW",${at},"metadata":{"pageUrl":"/c"},"source":"web"}`,
  common('e8'),
  `{"_id":"e9","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW",${at},"source":"web","metadata":{}}`,
  `{"_id":"e10","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW",${at},"metadata":{},"metadata":{"pageUrl":"/d"}}`,
  `{"_id":"e11","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW",${at},"metadat\\u0061":{"pageUrl":"/e"}}`,
  `{"_id":"e12","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW","\\u0074imestamp":{"$date":"2025-06-01T10:00:00Z"}}`,
  `{"_id":"e13","sessionId":"s1","sessionId":"s2","userId":"u1","eventType":"PAGE_VIEW",${at}}`,
  `{"_id":"e14","sessionIdx":"s1","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW",${at}}`,
  common('e15')
]

function load(read: (load: ColumnLoad, text: string, line: number) => void): MemoryColumns {
  const columns = new ColumnLoad()
  LINES.forEach((text, k) => {
    read(columns, text, k + 1)
  })
  return columns.finish()
}

describe('event lines whose keys differ from the line before', () => {
  it('load exactly as their parsed documents', () => {
    const fromLines = load((columns, text, line) => {
      const bytes = encoder.encode(text)
      addEventLine(columns.events, 'events.ndjson', bytes, 0, bytes.length, line)
    })
    const fromDocuments = load((columns, text, line) => {
      columns.events.addDocument(parseExtendedJsonLine(text), line)
    })
    let compared = 0
    for (const { name, kind } of fromLines.sections()) {
      const read = (source: MemoryColumns): unknown => {
        switch (kind) {
          case 'json':
            return source.json(name)
          case 'f64':
            return Array.from(source.float64(name))
          case 'i32':
            return Array.from(source.int32(name))
          case 'u32':
            return Array.from(source.uint32(name))
          default:
            return Array.from(source.bytes(name))
        }
      }
      expect(read(fromLines), name).toEqual(read(fromDocuments))
      compared++
    }
    expect(compared).toBeGreaterThan(20)
  })

  it('are read from their bytes when their keys are the known ones, each once', () => {
    const columns = new ColumnLoad()
    const fast = LINES.map((text) => {
      const bytes = encoder.encode(text)
      return columns.events.addLine(bytes, 0, bytes.length)
    })
    expect(fast).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      true
    ])
  })
})
