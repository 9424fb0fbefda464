import type { FieldProfile } from './field-profile'

/**
 * How a field is recognised for a role: by its name (the last segment of its path, or the last two
 * joined with a dot, compared without case, `_`, `-` or a leading `$`) and by what its values look like.
 */
export interface RoleRule {
  /** Names, best first: the first gets weight 1, later ones a little less. */
  names: readonly string[]
  /** Whether a sampled value fits the role. */
  fits: (value: unknown) => boolean
  /** A field whose values are mostly one of few distinct values (event names, devices). */
  lowCardinality?: boolean
  /** A document-valued field (the properties object). */
  document?: boolean
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0
const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value)
const isId = (value: unknown): boolean =>
  isText(value) ||
  isNumber(value) ||
  (typeof value === 'object' && value !== null && '_bsontype' in value)

/** A BSON date, an ISO 8601 string, or epoch milliseconds or seconds between 2000 and 2100. */
export function isTimeValue(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime())
  if (typeof value === 'number') return epochUnit(value) !== null
  return typeof value === 'string' && ISO_8601.test(value) && !Number.isNaN(Date.parse(value))
}

export const ISO_8601 =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

const YEAR_2000_MS = 946_684_800_000
const YEAR_2100_MS = 4_102_444_800_000

/** Whether a number reads as epoch milliseconds or seconds (between 2000 and 2100), or neither. */
export function epochUnit(value: number): 'ms' | 's' | null {
  if (!Number.isFinite(value)) return null
  if (value >= YEAR_2000_MS && value < YEAR_2100_MS) return 'ms'
  if (value * 1000 >= YEAR_2000_MS && value * 1000 < YEAR_2100_MS) return 's'
  return null
}

const isUrlOrPath = (value: unknown): boolean =>
  isText(value) && (value.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(value))
const isCurrency = (value: unknown): boolean => isText(value) && /^[A-Za-z]{3}$/.test(value)
const isEmail = (value: unknown): boolean => isText(value) && /^[^@\s]+@[^@\s]+$/.test(value)
const isIp = (value: unknown): boolean =>
  isText(value) && (/^\d{1,3}(\.\d{1,3}){3}$/.test(value) || /^[0-9a-f:]+$/i.test(value))

export const EVENT_RULES = {
  id: { names: ['_id', 'messageId', 'uuid', 'eventId', 'id'], fits: isId },
  userId: {
    names: ['userId', 'distinctId', 'personId', 'customerId', 'uid', 'user', 'anonymousId'],
    fits: isId
  },
  sessionId: { names: ['sessionId', 'session', 'sid', 'visitId'], fits: isId },
  eventName: {
    names: ['eventType', 'event', 'eventName', 'type', 'action', 'name'],
    fits: isText,
    lowCardinality: true
  },
  timestamp: {
    names: [
      'timestamp',
      'time',
      'ts',
      'eventTime',
      'occurredAt',
      'sentAt',
      'receivedAt',
      'date',
      'createdAt'
    ],
    fits: isTimeValue
  },
  pageUrl: {
    names: [
      'pageUrl',
      'currentUrl',
      'url',
      'path',
      'pathname',
      'page',
      'href',
      'location',
      'page.path',
      'page.url'
    ],
    fits: isUrlOrPath
  },
  duration: {
    names: ['duration', 'timeOnPage', 'durationSeconds', 'dwell', 'seconds', 'elapsed'],
    fits: isNumber
  },
  amount: { names: ['amount', 'revenue', 'total', 'orderTotal', 'value'], fits: isNumber },
  currency: { names: ['currency', 'currencyCode'], fits: isCurrency, lowCardinality: true },
  browser: {
    names: ['browser', 'browser.name', 'browserName'],
    fits: isText,
    lowCardinality: true
  },
  os: {
    names: ['os', 'os.name', 'operatingSystem', 'osName', 'platform'],
    fits: isText,
    lowCardinality: true
  },
  ipAddress: { names: ['ipAddress', 'ip', 'clientIp'], fits: isIp },
  properties: {
    names: ['metadata', 'properties', 'props', 'data', 'attributes'],
    fits: () => true,
    document: true
  }
} as const satisfies Record<string, RoleRule>

export const SESSION_RULES = {
  id: { names: ['_id', 'sessionId', 'id'], fits: isId },
  userId: EVENT_RULES.userId,
  startTime: {
    names: ['startTime', 'startedAt', 'start', 'sessionStart', 'createdAt'],
    fits: isTimeValue
  },
  endTime: {
    names: ['endTime', 'endedAt', 'end', 'sessionEnd', 'lastActivityAt'],
    fits: isTimeValue
  },
  browser: EVENT_RULES.browser,
  os: EVENT_RULES.os,
  ipAddress: EVENT_RULES.ipAddress
} as const satisfies Record<string, RoleRule>

export const USER_RULES = {
  id: { names: ['_id', 'userId', 'distinctId', 'id'], fits: isId },
  name: { names: ['name', 'fullName', 'displayName', 'username'], fits: isText },
  email: { names: ['email', 'emailAddress', 'mail'], fits: isEmail },
  createdAt: {
    names: ['createdAt', 'signedUpAt', 'signupDate', 'registeredAt'],
    fits: isTimeValue
  },
  lastActiveAt: {
    names: ['lastActiveAt', 'lastSeen', 'lastSeenAt', 'lastActive', 'lastActivityAt'],
    fits: isTimeValue
  }
} as const satisfies Record<string, RoleRule>

/** A name as rules compare it: no case, `_`, `-` or leading `$`. */
export function normaliseName(name: string): string {
  return name.replace(/^\$+/, '').replace(/[_-]/g, '').toLowerCase()
}

/**
 * How well a field's name fits a rule: 1 for the rule's first name, a little less for later ones,
 * 0 when no name matches. The path's last segment is compared, and its last two joined by a dot.
 */
export function nameScore(path: string, rule: RoleRule): number {
  const segments = path.split('.')
  const leaf = normaliseName(segments.at(-1) ?? '')
  const lastTwo = segments.length >= 2 ? `${normaliseName(segments.at(-2) ?? '')}.${leaf}` : null
  let best = 0
  rule.names.forEach((name, index) => {
    const wanted = name.split('.').map(normaliseName).join('.')
    const weight = 1 - index * 0.04
    if (wanted === leaf || wanted === lastTwo) best = Math.max(best, weight)
  })
  return best
}

/** Share of a field's sampled values that fit the rule (1 for the document rule). */
export function valueFit(field: FieldProfile, rule: RoleRule): number {
  if (rule.document) {
    return field.types.find((type) => type.type === 'Document')?.share ?? 0
  }
  if (field.values.length === 0) return 0
  return field.values.filter((value) => rule.fits(value)).length / field.values.length
}
