import { describe, expect, it } from 'vitest'
import { addEventLine } from '../../../src/main/engine/local/collection-line'
import { ColumnLoad } from '../../../src/main/engine/local/columns/column-load'
import { EventLineReader } from '../../../src/main/engine/local/columns/event-line-reader'

const encoder = new TextEncoder()
const line = (timestamp: string) =>
  `{"_id":"e1","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW","timestamp":${timestamp},"metadata":{"pageUrl":"/a"}}`

// Each timestamp value: the time the line's bytes give (`bytes`), or that only the parser reads it
// (`parsed`: its time), or that the line fails (`fails`).
const CASES: { timestamp: string; bytes?: number; parsed?: number; fails?: true }[] = [
  { timestamp: '{"$date":"2025-06-01T10:00:00.123Z"}', bytes: Date.UTC(2025, 5, 1, 10, 0, 0, 123) },
  { timestamp: '{"$date":"2025-06-01T10:00:07Z"}', bytes: Date.UTC(2025, 5, 1, 10, 0, 7) },
  { timestamp: '{ "$date" : "2025-06-01T10:00:08Z" }', bytes: Date.UTC(2025, 5, 1, 10, 0, 8) },
  { timestamp: '{"$date": "2025-06-01T10:00:09.5Z"}', parsed: Date.UTC(2025, 5, 1, 10, 0, 9, 500) },
  {
    timestamp: '{"$date":"2025-06-01T10:00:00.000+01:00"}',
    parsed: Date.UTC(2025, 5, 1, 9, 0, 0)
  },
  // Extended JSON reads a date with other keys beside it (they are dropped); the bytes never do.
  { timestamp: '{"$date":"2025-06-01T10:00:00Z","x":1}', parsed: Date.UTC(2025, 5, 1, 10) },
  { timestamp: '{"$date":"2025-06-01T10:00:00Z","x":"1"}', parsed: Date.UTC(2025, 5, 1, 10) },
  { timestamp: '{"$date":"2025-13-01T10:00:00.000Z"}', fails: true },
  { timestamp: '{"$date":"2025-06-01T10:0\\"00.000Z"}', fails: true },
  { timestamp: '{"$date":"2025-06-01T10:00:00.000Z"', fails: true },
  { timestamp: '{"$date":{"$numberLong":"1748772000000"}}', parsed: 1748772000000 }
]

describe('event timestamps read from a line', () => {
  it('give the time of the date, the same whichever way the line is read', () => {
    for (const { timestamp, bytes, parsed, fails } of CASES) {
      const text = line(timestamp)
      const encoded = encoder.encode(text)
      const reader = new EventLineReader()
      // Once after an earlier date of the same hour, once after another hour.
      for (const before of ['2025-06-01T10:59:59.999Z', '2024-01-01T00:00:00Z']) {
        const earlier = encoder.encode(line(`{"$date":"${before}"}`))
        expect(reader.read(earlier, 0, earlier.length)).toBe(true)
        const read = reader.read(encoded, 0, encoded.length)
        expect(read, text).toBe(bytes !== undefined)
        if (bytes !== undefined) expect(reader.time, text).toBe(bytes)
      }
      const load = new ColumnLoad()
      const add = () => {
        addEventLine(load.events, 'events.ndjson', encoded, 0, encoded.length, 7)
      }
      if (fails) {
        expect(add, text).toThrow(/line 7/)
      } else {
        add()
        expect(Array.from(load.events.time.view()), text).toEqual([bytes ?? parsed])
      }
    }
  })
})
