import { describe, expect, it } from 'vitest'
import { parseExtendedJsonLine } from '../../../src/main/data/ndjson/parse-extended-json-line'
import { addEventLine } from '../../../src/main/engine/local/collection-line'
import { ColumnLoad } from '../../../src/main/engine/local/columns/column-load'
import { parseIsoUtc, parseIsoUtcByHour } from '../../../src/main/engine/local/columns/json-bytes'

const encoder = new TextEncoder()

/** Each text parsed in turn by the hour-keeping parser, the plain one and Date.parse. */
function parseInTurn(texts: string[]) {
  return texts.map((text) => {
    const bytes = encoder.encode(` "${text}" `)
    const [start, end] = [2, 2 + text.length]
    return {
      text,
      byHour: parseIsoUtcByHour(bytes, start, end),
      plain: parseIsoUtc(bytes, start, end),
      dateParse: Date.parse(text)
    }
  })
}

// Same hour, then the next hour, day, month and year; leap days; each followed by dates that
// share its hour prefix but are wrong after it, and by forms only Date.parse reads.
const SEQUENCE = [
  '2024-02-29T23:00:00Z',
  '2024-02-29T23:59:59.999Z',
  '2024-02-29T23:07:08.090Z',
  '2024-02-29T23:60:00Z',
  '2024-02-29T23:59:60Z',
  '2024-02-29T23:10:00.1a3Z',
  '2024-02-29T23:10:00,123Z',
  '2024-02-29T23:10-00.123Z',
  '2024-02-29T23:10:00.123+',
  '2024-02-29T23:10:00.123z',
  '2024-02-29T23:10:00.5Z',
  '2024-02-29T23:10:00.50Z',
  '2024-02-29T23:10:00.5000Z',
  '2024-02-29T23:10:00+01:00',
  '2024-02-29T23:10:00.000+01:00',
  '2024-02-29T23:10:00.000Z',
  '2024-03-01T00:00:00.000Z',
  '2024-03-01T00:00:00Z',
  '2023-12-31T23:59:59.999Z',
  '2024-01-01T00:00:00.000Z',
  '2024-01-01T00:00:00.001Z',
  '2023-02-28T13:30:00Z',
  '2023-02-29T13:30:00Z',
  '2023-02-29T13:30:00Z',
  '1900-02-29T00:00:00Z',
  '2000-02-29T00:00:00.000Z',
  '2000-02-29T00:00:00.999Z',
  '1970-01-01T00:00:00.000Z',
  '1969-12-31T23:59:59.999Z',
  '1969-12-31T23:00:00.000Z',
  '2025-05-30T24:00:00Z',
  '2025-05-30T14:10:35.299Z',
  '2025-05-30T14:10:35.299Z',
  '2025-05-30T14:11:09Z'
]

describe('ISO dates with the hour kept', () => {
  it('give what the plain parser gives, and what Date.parse gives for the forms they read', () => {
    const parsed = parseInTurn(SEQUENCE)
    for (const { text, byHour, plain, dateParse } of parsed) {
      expect(Object.is(byHour, plain), text).toBe(true)
      if (!Number.isNaN(plain)) expect(plain, text).toBe(dateParse)
    }
    // The forms read (20 or 24 characters ending in Z) and those left to Date.parse.
    const read = parsed.filter((p) => !Number.isNaN(p.byHour)).map((p) => p.text)
    expect(read).toEqual(
      SEQUENCE.filter((text) => /^[\d-]{10}T[\d:]{8}(\.\d{3})?Z$/.test(text)).filter(
        (text) => !/T23:60|:60Z|-02-29T13|1900-02-29|T24:/.test(text)
      )
    )
  })

  it('start afresh after any other hour, in any order', () => {
    const shuffled = [
      ...SEQUENCE,
      ...SEQUENCE.slice().reverse(),
      ...SEQUENCE.filter((_, k) => k % 3 === 0)
    ]
    for (const { text, byHour, plain } of parseInTurn(shuffled)) {
      expect(Object.is(byHour, plain), text).toBe(true)
    }
  })
})

describe('event lines with dates of one hour', () => {
  const line = (id: number, date: string) =>
    `{"_id":"e${id}","sessionId":"s1","userId":"u1","eventType":"PAGE_VIEW","timestamp":{"$date":"${date}"},"metadata":{"pageUrl":"/"}}`

  it('load the times of their documents, whichever way each line is read', () => {
    const dates = SEQUENCE.filter((text) => !Number.isNaN(Date.parse(text)))
    const lines = dates.map((date, k) => line(k, date))
    const fast = new ColumnLoad()
    const slow = new ColumnLoad()
    lines.forEach((text, k) => {
      const bytes = encoder.encode(text)
      addEventLine(fast.events, 'events.ndjson', bytes, 0, bytes.length, k + 1)
      slow.events.addDocument(parseExtendedJsonLine(text), k + 1)
    })
    expect(Array.from(fast.events.time.view())).toEqual(Array.from(slow.events.time.view()))
    expect(Array.from(fast.events.time.view())).toEqual(dates.map((date) => Date.parse(date)))
  })

  it('fail on a wrong date of the hour just read as they fail alone', () => {
    const failure = (lines: string[]) => {
      const load = new ColumnLoad()
      try {
        lines.forEach((text, k) => {
          const bytes = encoder.encode(text)
          addEventLine(load.events, 'events.ndjson', bytes, 0, bytes.length, k + 1)
        })
      } catch (error) {
        return (error as Error).message
      }
      return null
    }
    for (const wrong of ['2024-02-29T23:60:00Z', '2024-02-29T23:10:61.000Z']) {
      const after = failure([line(1, '2024-02-29T23:10:00.000Z'), line(2, wrong)])
      const alone = failure([line(1, '2024-02-29T22:10:00.000Z'), line(2, wrong)])
      expect(after).toMatch(/line 2/)
      expect(after).toBe(alone)
    }
  })
})
