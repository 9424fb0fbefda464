import type {
  DataQualityFinding,
  DataQualityReport,
  FieldQuality,
  FindingKind
} from '../../../shared/mapping/data-quality'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import { idText, pagePath, timestampMillis } from '../mapped-values'
import { readFieldPath } from '../read-field-path'
import { fieldChecksOf, hasExpectedType, type FieldCheck } from './field-checks'
import { FindingTally } from './finding-tally'

const YEAR_2000 = Date.UTC(2000, 0, 1)

interface FieldTally {
  check: FieldCheck
  checked: number
  missing: number
  wrongType: number
  tally: FindingTally
}

interface KnownSession {
  userId: string | null
  start: number | null
  end: number | null
  hasEvents: boolean
}

/**
 * The data-quality report of one source, read through its mapping. Feed it every user, then every
 * session, then every event (events are checked against the users and sessions seen before);
 * `report()` then holds exact counts. Pure: it reads nothing itself.
 */
export class DataQualityChecker {
  private readonly fields: FieldTally[]
  private readonly sessions = new Map<string, KnownSession>()
  private readonly users = new Set<string>()
  private readonly eventIds = new Set<string>()
  private readonly tallies = new Map<FindingKind, FindingTally>()
  /** Page variants by their folded form (lower case, no trailing slash), with page views each. */
  private readonly pages = new Map<string, Map<string, number>>()
  private readonly counts = { events: 0, sessions: 0, users: 0 }

  constructor(
    private readonly mapping: FieldMapping,
    private readonly now: Date = new Date()
  ) {
    this.fields = fieldChecksOf(mapping).map((check) => ({
      check,
      checked: 0,
      missing: 0,
      wrongType: 0,
      tally: new FindingTally()
    }))
  }

  addUser(document: unknown): void {
    const users = this.mapping.users
    if (!users) return
    this.counts.users += 1
    const id = idText(readFieldPath(document, users.id))
    if (id !== null) this.users.add(id)
    this.checkFields('users', document, id, id, 'all')
  }

  addSession(document: unknown): void {
    const sessions = this.mapping.sessions
    if (!sessions) return
    this.counts.sessions += 1
    const id = idText(readFieldPath(document, sessions.id))
    const userId = idText(readFieldPath(document, sessions.userId))
    if (id !== null) {
      this.sessions.set(id, {
        userId,
        start: timestampMillis(readFieldPath(document, sessions.startTime)),
        end:
          sessions.endTime === null
            ? null
            : timestampMillis(readFieldPath(document, sessions.endTime)),
        hasEvents: false
      })
    }
    this.checkFields('sessions', document, id, userId, 'all')
  }

  addEvent(document: unknown): void {
    const { events, eventNames } = this.mapping
    this.counts.events += 1
    const id = idText(readFieldPath(document, events.id))
    const userId = idText(readFieldPath(document, events.userId))
    const name = readFieldPath(document, events.eventName)
    const kind =
      name === eventNames.pageView
        ? 'page views'
        : name === eventNames.purchase
          ? 'purchases'
          : 'all'
    this.checkFields('events', document, id, userId, kind)

    if (id !== null) {
      if (this.eventIds.has(id)) this.tally('duplicate-event-id').add(id, userId)
      else this.eventIds.add(id)
    }
    const time = timestampMillis(readFieldPath(document, events.timestamp))
    if (time !== null && time > this.now.getTime())
      this.tally('timestamp-in-future').add(id, userId)
    if (time !== null && time < YEAR_2000) this.tally('timestamp-before-2000').add(id, userId)
    if (this.mapping.users && userId !== null && !this.users.has(userId)) {
      this.tally('event-without-user').add(id, userId)
    }
    if (this.mapping.sessions && events.sessionId !== null) {
      const sessionId = idText(readFieldPath(document, events.sessionId))
      const session = sessionId === null ? undefined : this.sessions.get(sessionId)
      if (sessionId !== null && !session) this.tally('event-without-session').add(id, userId)
      if (session) {
        session.hasEvents = true
        const outside =
          time !== null &&
          ((session.start !== null && time < session.start) ||
            (session.end !== null && time > session.end))
        if (outside) this.tally('event-outside-session').add(id, userId)
      }
    }
    if (kind === 'page views' && events.pageUrl !== null) {
      const page = pagePath(readFieldPath(document, events.pageUrl), this.mapping.keepQueryString)
      if (page !== null) this.countPage(page)
    }
  }

  report(): DataQualityReport {
    for (const [id, session] of this.sessions) {
      if (!session.hasEvents) this.tally('session-without-events').add(id, session.userId)
    }
    const fields: FieldQuality[] = this.fields.map(({ check, checked, missing, wrongType }) => ({
      collection: collectionName(this.mapping, check.collection),
      role: check.role,
      path: check.path,
      expected: check.expected,
      appliesTo: check.appliesTo === 'all' ? check.collection : check.appliesTo,
      checked,
      missing,
      wrongType,
      required: check.required
    }))
    return {
      collections: {
        events: this.mapping.events.collection,
        sessions: this.mapping.sessions?.collection ?? null,
        users: this.mapping.users?.collection ?? null
      },
      documents: { ...this.counts },
      fields,
      findings: [...this.fieldFindings(), ...this.integrityFindings(), this.pageFinding()]
        .filter((finding): finding is DataQualityFinding => finding !== null && finding.count > 0)
        .sort((a, b) => severityRank(a) - severityRank(b) || b.share - a.share),
      checkedAt: this.now
    }
  }

  private checkFields(
    collection: FieldCheck['collection'],
    document: unknown,
    id: string | null,
    userId: string | null,
    kind: 'all' | 'page views' | 'purchases'
  ): void {
    for (const field of this.fields) {
      const { check } = field
      if (check.collection !== collection) continue
      if (check.appliesTo !== 'all' && check.appliesTo !== kind) continue
      field.checked += 1
      const value = readFieldPath(document, check.path)
      if (value === undefined || value === null) {
        field.missing += 1
        field.tally.add(id, userId)
      } else if (!hasExpectedType(value, check.expected)) {
        field.wrongType += 1
        field.tally.add(id, userId)
      }
    }
  }

  private tally(kind: FindingKind): FindingTally {
    let tally = this.tallies.get(kind)
    if (!tally) {
      tally = new FindingTally()
      this.tallies.set(kind, tally)
    }
    return tally
  }

  private countPage(page: string): void {
    const folded = page.length > 1 ? page.replace(/\/+$/, '').toLowerCase() || '/' : page
    let variants = this.pages.get(folded)
    if (!variants) {
      variants = new Map()
      this.pages.set(folded, variants)
    }
    variants.set(page, (variants.get(page) ?? 0) + 1)
  }

  private fieldFindings(): DataQualityFinding[] {
    return this.fields.map(({ check, checked, missing, wrongType, tally }) => {
      const parts = [
        missing > 0 ? `missing in ${count(missing)}` : '',
        wrongType > 0 ? `not ${article(check.expected)} in ${count(wrongType)}` : ''
      ].filter(Boolean)
      const of = check.appliesTo === 'all' ? check.collection : check.appliesTo
      return finding(
        'field-missing-or-mistyped',
        `${collectionName(this.mapping, check.collection)}.${check.path} (${check.role}): ${parts.join(', ')} of ${count(checked)} ${of}`,
        tally,
        checked,
        check.required ? 'error' : 'warning'
      )
    })
  }

  private integrityFindings(): DataQualityFinding[] {
    const events = this.mapping.events.collection
    const sessions = this.mapping.sessions?.collection ?? 'sessions'
    const users = this.mapping.users?.collection ?? 'users'
    const totals = this.counts
    const describe: [FindingKind, string, number, 'error' | 'warning'][] = [
      ['duplicate-event-id', `${events} with an id another event has`, totals.events, 'error'],
      [
        'event-without-session',
        `${events} whose session is not in ${sessions}`,
        totals.events,
        'error'
      ],
      ['event-without-user', `${events} whose user is not in ${users}`, totals.events, 'warning'],
      ['session-without-events', `${sessions} with no events`, totals.sessions, 'warning'],
      [
        'event-outside-session',
        `${events} before their session's start or after its end`,
        totals.events,
        'warning'
      ],
      ['timestamp-in-future', `${events} with a time in the future`, totals.events, 'error'],
      ['timestamp-before-2000', `${events} with a time before 2000`, totals.events, 'error']
    ]
    return describe.map(([kind, what, outOf, severity]) => {
      const tally = this.tally(kind)
      return finding(kind, `${count(tally.count)} ${what}`, tally, outOf, severity)
    })
  }

  private pageFinding(): DataQualityFinding | null {
    const groups = [...this.pages.values()].filter((variants) => variants.size > 1)
    if (groups.length === 0) return null
    const variants = groups.reduce((sum, group) => sum + group.size, 0)
    const examples = groups.slice(0, 5).map((group) => [...group.keys()].sort().join(' | '))
    const pages = [...this.pages.values()].reduce((sum, group) => sum + group.size, 0)
    return {
      kind: 'page-variants',
      title: `${count(variants)} pages that differ only by a trailing slash or case (${count(groups.length)} groups)`,
      count: variants,
      outOf: pages,
      share: variants / pages,
      examples,
      userIds: [],
      severity: 'warning'
    }
  }
}

function finding(
  kind: FindingKind,
  title: string,
  tally: FindingTally,
  outOf: number,
  severity: 'error' | 'warning'
): DataQualityFinding {
  return {
    kind,
    title,
    count: tally.count,
    outOf,
    share: outOf === 0 ? 0 : tally.count / outOf,
    examples: tally.examples,
    userIds: tally.userIds,
    severity
  }
}

function collectionName(mapping: FieldMapping, collection: FieldCheck['collection']): string {
  if (collection === 'events') return mapping.events.collection
  if (collection === 'sessions') return mapping.sessions?.collection ?? 'sessions'
  return mapping.users?.collection ?? 'users'
}

function severityRank(finding: DataQualityFinding): number {
  return finding.severity === 'error' ? 0 : 1
}

function count(value: number): string {
  return value.toLocaleString('en-US')
}

function article(expected: string): string {
  return expected === 'id' ? 'an id' : expected === 'object' ? 'an object' : `a ${expected}`
}
