import { appendFile, readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { EJSON } from 'bson'
import type {
  EventDocument,
  SessionDocument,
  UserDocument
} from '../../../src/shared/journeys/documents'
import { parseCsv } from '../../helpers/parse-csv'

/** Texts a CSV writer gets wrong easily: delimiters, quotes, line breaks, emoji, right-to-left. */
export const TRICKY_PAGES = [
  '/search?q=a,b "c"\r\nd',
  '/👩🏽‍💻/🛒?emoji=✓',
  '/עברית/مرحبا بالعالم',
  '=HYPERLINK("http://evil.example","click")',
  '+SUM(1,2)',
  '-1+2',
  '@import',
  '\tindented',
  '\rcarriage'
]

/** Text starting with one of these is neutralised by the formula guard. */
export function looksLikeFormula(text: string): boolean {
  return /^[=+\-@\t\r]/.test(text)
}

export const TRICKY_USER: UserDocument = {
  _id: 'u-tricky',
  name: 'Zoë "Q" O\'Brien, Jr.\nsecond line',
  email: '=cmd|calc@example.com',
  createdAt: new Date('2025-03-01T09:00:00.000Z'),
  lastActiveAt: new Date('2025-03-01T10:05:00.000Z')
}

export const TRICKY_SESSION: SessionDocument = {
  _id: 's-tricky',
  userId: 'u-tricky',
  startTime: new Date('2025-03-01T10:00:00.000Z'),
  endTime: new Date('2025-03-01T10:05:00.000Z'),
  deviceInfo: { browser: 'Firefox, "ESR"\nbeta', os: 'עברית 🛒' },
  ipAddress: '+49 "lan"'
}

export const TRICKY_EVENTS: EventDocument[] = [
  ...TRICKY_PAGES.map((pageUrl, i) => ({
    _id: `e-tricky-${String(i).padStart(2, '0')}`,
    sessionId: 's-tricky',
    userId: 'u-tricky',
    eventType: 'PAGE_VIEW',
    timestamp: new Date(Date.UTC(2025, 2, 1, 10, 0, i)),
    metadata: { pageUrl, duration: i - 3 }
  })),
  {
    _id: 'e-tricky-99',
    sessionId: 's-tricky',
    userId: 'u-tricky',
    eventType: 'PURCHASE',
    timestamp: new Date('2025-03-01T10:04:00.000Z'),
    metadata: { orderId: 'o-tricky', amount: -12.5, currency: '@EUR' }
  }
]

/** Adds the tricky customer to a generated folder (before it is loaded anywhere). */
export async function addTrickyCustomer(folder: string): Promise<void> {
  const line = (document: object): string => `${EJSON.stringify(document, { relaxed: true })}\n`
  await appendFile(join(folder, 'users.ndjson'), line(TRICKY_USER))
  await appendFile(join(folder, 'sessions.ndjson'), line(TRICKY_SESSION))
  await appendFile(join(folder, 'events.ndjson'), TRICKY_EVENTS.map(line).join(''))
}

/** A written CSV file read back with csv-parse. */
export interface ParsedCsv {
  header: string[]
  rows: string[][]
  /** The cells of one column, by its header. */
  column(header: string): string[]
}

export async function readCsv(path: string): Promise<ParsedCsv> {
  const [header = [], ...rows] = parseCsv(await readFile(path))
  return {
    header,
    rows,
    column(name) {
      const index = header.indexOf(name)
      if (index < 0) throw new Error(`no column "${name}" in ${header.join(', ')}`)
      return rows.map((row) => row[index] ?? '')
    }
  }
}

/** The files in a folder (to show nothing, or nothing partial, was left behind). */
export function filesIn(folder: string): Promise<string[]> {
  return readdir(folder)
}
