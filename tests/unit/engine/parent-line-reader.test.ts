import { describe, expect, it } from 'vitest'
import { toExtendedJsonLine } from '../../../src/main/data/ndjson/extended-json-line'
import { parseExtendedJsonLine } from '../../../src/main/data/ndjson/parse-extended-json-line'
import { ColumnLoad } from '../../../src/main/engine/local/columns/column-load'
import { parityCollections } from '../pipelines/parity-data'
import { ODD_SESSION_LINES, ODD_USER_LINES } from './workspace-fixture'

const encoder = new TextEncoder()

/** Feeds one line to the fast path of a fresh load; true when it was read from its bytes. */
function readsFast(collection: 'users' | 'sessions', line: string): boolean {
  const bytes = encoder.encode(line)
  return new ColumnLoad()[collection].addLine(bytes, 0, bytes.length)
}

/** The columns of a user or session line read from its bytes and from its parsed document. */
function bothWays(collection: 'users' | 'sessions', line: string) {
  const fast = new ColumnLoad()
  const slow = new ColumnLoad()
  const bytes = encoder.encode(line)
  expect(fast[collection].addLine(bytes, 0, bytes.length)).toBe(true)
  slow[collection].addDocument(parseExtendedJsonLine(line), 1, {
    bytes,
    start: 0,
    end: bytes.length
  })
  return [fast, slow].map((load) =>
    collection === 'users'
      ? {
          ids: Array.from(load.tables.users.entry(0)),
          names: load.users.names,
          emails: load.users.emails,
          docs: Array.from(load.users.docs.view().bytes)
        }
      : {
          ids: Array.from(load.tables.sessions.entry(0)),
          user: Array.from(load.tables.users.entry(0)),
          devices: [load.sessions.browser.view()[0], load.sessions.os.view()[0]].map((code) =>
            code === undefined || code < 0 ? null : Array.from(load.devices.entry(code))
          ),
          docs: Array.from(load.sessions.docs.view().bytes)
        }
  )
}

describe('the user and session line readers', () => {
  const data = parityCollections({ seed: 5, events: 3000, idKind: 'objectId', oddities: false })

  it('read every generated user and session from its bytes, as its parsed document', () => {
    for (const user of data.users.slice(0, 200)) {
      const [fast, slow] = bothWays('users', toExtendedJsonLine(user))
      expect(fast).toEqual(slow)
    }
    for (const session of data.sessions.slice(0, 200)) {
      const [fast, slow] = bothWays('sessions', toExtendedJsonLine(session))
      expect(fast).toEqual(slow)
    }
  })

  it('read the odd lines of the common shape alike, and hand every other to JSON.parse', () => {
    expect(ODD_USER_LINES.map((line) => readsFast('users', line))).toEqual([
      true, // spacing, non-ASCII name, null email
      false, // escapes
      false, // canonical date
      false, // a repeated key: the last one wins in JSON.parse
      false // an array
    ])
    expect(ODD_SESSION_LINES.map((line) => readsFast('sessions', line))).toEqual([
      true, // spacing, null deviceInfo
      true, // ObjectIds, null endTime, nested object
      false, // a repeated device key
      false, // a date with an offset
      false, // escapes
      true // empty deviceInfo, deep nesting
    ])
    for (const [collection, line] of [
      ['users', ODD_USER_LINES[0]],
      ['sessions', ODD_SESSION_LINES[0]],
      ['sessions', ODD_SESSION_LINES[1]],
      ['sessions', ODD_SESSION_LINES[5]]
    ] as const) {
      const [fast, slow] = bothWays(collection, line as string)
      expect(fast).toEqual(slow)
    }
  })

  it('leave lines that are wrong to the parser, which names the problem', () => {
    const wrong = {
      users: [
        '{"_id":"u1",}',
        '{"_id":null,"name":"N"}',
        '{"_id":"u1","name":7}',
        '{"_id":"u1","createdAt":"2025-05-01"}',
        '{"_id":"u1","email":"e"} x',
        '{"_id":"u1","name":"N"',
        '{"_id":"u1","$where":"1"}',
        '{"_id":"u1","n":01}'
      ],
      sessions: [
        '{"_id":"s1","userId":"u1"}',
        '{"_id":"s1","userId":"u1","startTime":{"$date":"2025-13-01T00:00:00Z"}}',
        '{"_id":"s1","userId":"u1","startTime":{"$date":"2025-05-01T00:00:00Z","x":1}}',
        '{"_id":"s1","userId":"u1","startTime":{"$date":"2025-05-01T00:00:00Z"},"deviceInfo":"web"}',
        '{"_id":"s1","userId":7,"startTime":{"$date":"2025-05-01T00:00:00Z"}}',
        '{"_id":"s1","userId":"u1","startTime":{"$date":"2025-05-01T00:00:00Z"},"ipAddress":1}',
        '{"_id":"s1","userId":"u1","startTime":{"$date":"2025-05-01T00:00:00Z"},"deviceInfo":{"$oid":"65000000000000000000aa01"}}'
      ]
    }
    for (const line of wrong.users) expect(readsFast('users', line), line).toBe(false)
    for (const line of wrong.sessions) expect(readsFast('sessions', line), line).toBe(false)
  })

  it('add nothing for a duplicate id, which the document path then refuses', () => {
    const load = new ColumnLoad()
    const line = encoder.encode(
      '{"_id":"s1","userId":"u1","startTime":{"$date":"2025-05-01T00:00:00Z"}}'
    )
    expect(load.sessions.addLine(line, 0, line.length)).toBe(true)
    expect(load.sessions.addLine(line, 0, line.length)).toBe(false)
    expect(load.sessions.session.length).toBe(1)
    expect(() => {
      load.sessions.addDocument(parseExtendedJsonLine(new TextDecoder().decode(line)), 2)
    }).toThrow('sessions, line 2: duplicate _id s1')
  })
})
