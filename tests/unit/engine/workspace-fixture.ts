import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EJSON } from 'bson'
import { toExtendedJsonLine } from '../../../src/main/data/ndjson/extended-json-line'
import { parityCollections } from '../pipelines/parity-data'

/**
 * Event lines the fast reader must hand to JSON.parse (or read alike): spacing, canonical Extended
 * JSON, escapes, non-ASCII, extra fields, nested and typed metadata, odd numbers, `__proto__`,
 * a repeated key, dates outside the common form. Users `odd-user-a` and sessions `odd-s1`, `odd-s2`
 * exist in the odd documents of the parity data.
 */
export const ODD_EVENT_LINES = [
  ' { "_id" : "w-01" , "sessionId" : "odd-s1" , "userId" : "odd-user-a" , "eventType" : "PAGE_VIEW" , "timestamp" : { "$date" : "2025-06-01T10:00:00.000Z" } , "metadata" : { "pageUrl" : "/spaced" , "duration" : 7 } } ',
  '{"_id":{"$oid":"65000000000000000000AB01"},"sessionId":"odd-s1","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":{"$numberLong":"1748772000000"}},"metadata":{"pageUrl":"/canonical","duration":{"$numberInt":"3"}}}',
  '{"_id":"w-03","sessionId":"odd-s1","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-01T10:00:01Z"},"metadata":{"pageUrl":"/caf\\u00e9?q=\\"x\\"","duration":1}}',
  '{"_id":"w-04","sessionId":"odd-s1","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-01T10:00:02Z"},"metadata":{"pageUrl":"/naïve/日本","duration":1.5}}',
  '{"_id":"w-05","sessionId":"odd-s1","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-01T10:00:03Z"},"source":"web","metadata":{"pageUrl":"/extra"}}',
  '{"_id":"w-06","sessionId":"odd-s2","userId":"odd-user-a","eventType":"PURCHASE","timestamp":{"$date":"2025-06-01T10:00:04Z"},"metadata":{"amount":{"$numberDecimal":"12.50"},"currency":"EUR","items":[{"sku":"a","qty":2}],"at":{"$date":"2025-06-01T10:00:04Z"},"gift":true,"note":null}}',
  '{"_id":"w-07","sessionId":"odd-s2","userId":"odd-user-a","eventType":"PURCHASE","timestamp":{"$date":"2025-06-01T10:00:05Z"},"metadata":{"amount":1e3,"currency":"USD","big":123456789012345678,"neg":-0,"tiny":0.1,"price":12.50,"exp":-2.5E-3}}',
  '{"_id":"w-08","sessionId":"odd-s2","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-01T10:00:06Z"},"metadata":{"__proto__":"sneaky","pageUrl":"/proto"}}',
  '{"_id":"w-09","sessionId":"odd-s2","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-01T10:00:07Z"},"metadata":{"pageUrl":"/first","pageUrl":"/second"}}',
  '{"_id":"w-10","sessionId":"odd-s2","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-01T12:00:08+02:00"},"metadata":{}}',
  '{"_id":"w-11","sessionId":"odd-s2","userId":"odd-user-a","eventType":"SESSION_START","timestamp":{"$date":{"$numberLong":"-86400000"}}}',
  '{"metadata":{"pageUrl":"/keys-first"},"timestamp":{"$date":"2025-06-01T10:00:09.5Z"},"eventType":"PAGE_VIEW","userId":"odd-user-a","sessionId":"odd-s2","_id":"w-12"}',
  '{"_id":"w-13","sessionId":"odd-s2","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-01T10:00:10Z"},"metadata":{"pageUrl":7,"flag":false,"duration":"long"}}',
  '{"_id":"w-14","sessionId":"odd-s2","userId":"odd-user-a","eventType":"PAGE_VIEW","timestamp":{"$date":"2025-06-01T10:00:10Z"},"metadata":{"pageUrl":"/tie","duration":2}}',
  '',
  '   ',
  '{"_id":"w-15","sessionId":"no-such-session","userId":"no-such-user","eventType":"CUSTOM_EVENT","timestamp":{"$date":"2025-02-30T00:00:00Z"},"metadata":{"pageUrl":"/ghost"}}'
]

/**
 * User and session lines the fast readers must hand to JSON.parse (or read alike): spacing,
 * ObjectIds, nulls, absent fields, non-ASCII, escapes, a repeated key, nested and typed values,
 * dates outside the common form.
 */
export const ODD_USER_LINES = [
  ' { "_id" : "odd-user-b" , "name" : "Zoë Ångström" , "email" : null , "createdAt" : { "$date" : "2025-05-01T00:00:00Z" } } ',
  '{"_id":{"$oid":"65000000000000000000aa01"},"name":"Quote \\"Q\\" Person","email":"q@example.com"}',
  '{"_id":"odd-user-c","name":"Canonical","createdAt":{"$date":{"$numberLong":"1746057600000"}},"prefs":{"theme":"dark","size":2}}',
  '{"_id":"odd-user-d","name":"First","name":"Second","lastActiveAt":{"$date":"2025-05-02T00:00:00.5Z"}}',
  '{"_id":"odd-user-e","email":"e@example.com","tags":["a"],"score":-1.5e2,"vip":true,"left":false}'
]

export const ODD_SESSION_LINES = [
  ' { "_id" : "odd-s10" , "userId" : "odd-user-b" , "startTime" : { "$date" : "2025-05-01T00:00:00Z" } , "deviceInfo" : null } ',
  '{"_id":{"$oid":"65000000000000000000bb01"},"userId":{"$oid":"65000000000000000000aa01"},"startTime":{"$date":"2025-05-01T01:00:00.000Z"},"endTime":null,"deviceInfo":{"browser":"Edge","os":"Windows","screen":{"w":1920,"h":1080}},"ipAddress":"198.51.100.7"}',
  '{"_id":"odd-s11","userId":"odd-user-c","startTime":{"$date":"2025-05-01T02:00:00Z"},"deviceInfo":{"browser":"Safari","browser":"Chrome","os":7}}',
  '{"_id":"odd-s12","userId":"odd-user-c","startTime":{"$date":"2025-05-01T03:00:00+02:00"},"deviceInfo":{"os":"Linux"}}',
  '{"_id":"odd-s13","userId":"odd-user-d","startTime":{"$date":"2025-05-01T04:00:00Z"},"ipAddress":"caf\\u00e9","deviceInfo":{"browser":{"name":"x"},"os":null}}',
  '{"_id":"odd-s14","userId":"odd-user-e","startTime":{"$date":"2025-05-01T05:00:00Z"},"deviceInfo":{},"extra":{"a":{"b":{"c":1}}}}'
]

/**
 * A folder of NDJSON files: generated shop data with the parity oddities (minus numeric ids, which
 * files cannot hold) and the odd lines above. Returns the folder.
 */
export async function writeWorkspaceFixture(
  folder: string,
  options: { events?: number; seed?: number; idKind?: 'string' | 'objectId' } = {}
): Promise<string> {
  const data = parityCollections({
    seed: options.seed ?? 11,
    events: options.events ?? 8000,
    idKind: options.idKind ?? 'string',
    oddities: true
  })
  const storable = (doc: { _id: unknown; userId?: unknown }) =>
    typeof doc._id !== 'number' && typeof doc.userId !== 'number'
  const lines = (docs: object[]) => docs.map((doc) => toExtendedJsonLine(doc)).join('\n')
  await mkdir(folder, { recursive: true })
  await writeFile(
    join(folder, 'users.ndjson'),
    `${lines(data.users)}\n${ODD_USER_LINES.join('\r\n')}\n`
  )
  await writeFile(
    join(folder, 'sessions.ndjson'),
    `${lines(data.sessions.filter(storable))}\n${EJSON.stringify({ _id: 'odd-s9', userId: 'odd-user-a', startTime: new Date(0), deviceInfo: { browser: 'Ödön', os: ['x'] } }, { relaxed: false })}\n${ODD_SESSION_LINES.join('\n')}\n`
  )
  await writeFile(
    join(folder, 'events.ndjson'),
    `${lines(data.events.filter(storable))}\n${ODD_EVENT_LINES.join('\r\n')}`
  )
  return folder
}
