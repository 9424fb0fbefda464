import { ObjectId } from 'bson'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import { timestampMillis } from '../mapped-values'

export type ExpectedType = 'id' | 'string' | 'number' | 'date' | 'object'
export type AppliesTo = 'all' | 'page views' | 'purchases'

/** One mapped role to check in every document of its collection. */
export interface FieldCheck {
  collection: 'events' | 'sessions' | 'users'
  role: string
  path: string
  expected: ExpectedType
  appliesTo: AppliesTo
  required: boolean
}

/** Whether a present value has the type a role needs. */
export function hasExpectedType(value: unknown, expected: ExpectedType): boolean {
  switch (expected) {
    case 'id':
      return (
        (typeof value === 'string' && value.length > 0) ||
        (typeof value === 'number' && Number.isFinite(value)) ||
        value instanceof ObjectId
      )
    case 'string':
      return typeof value === 'string'
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
    case 'date':
      return timestampMillis(value) !== null
    case 'object':
      return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
  }
}

/** The roles a mapping names, with what each must hold and which documents it applies to. */
export function fieldChecksOf(mapping: FieldMapping): FieldCheck[] {
  const checks: FieldCheck[] = []
  const add = (
    collection: FieldCheck['collection'],
    role: string,
    path: string | null,
    expected: ExpectedType,
    options: { appliesTo?: AppliesTo; required?: boolean } = {}
  ): void => {
    if (path === null) return
    checks.push({
      collection,
      role,
      path,
      expected,
      appliesTo: options.appliesTo ?? 'all',
      required: options.required ?? false
    })
  }
  const events = mapping.events
  add('events', 'id', events.id, 'id', { required: true })
  add('events', 'userId', events.userId, 'id', { required: true })
  add('events', 'sessionId', events.sessionId, 'id', { required: true })
  add('events', 'eventName', events.eventName, 'string', { required: true })
  add('events', 'timestamp', events.timestamp, 'date', { required: true })
  add('events', 'pageUrl', events.pageUrl, 'string', { appliesTo: 'page views', required: true })
  add('events', 'duration', events.duration, 'number', { appliesTo: 'page views' })
  add('events', 'amount', events.amount, 'number', { appliesTo: 'purchases', required: true })
  add('events', 'currency', events.currency, 'string', { appliesTo: 'purchases' })
  add('events', 'browser', events.browser, 'string')
  add('events', 'os', events.os, 'string')
  add('events', 'ipAddress', events.ipAddress, 'string')
  add('events', 'properties', events.properties, 'object')
  const sessions = mapping.sessions
  if (sessions) {
    add('sessions', 'id', sessions.id, 'id', { required: true })
    add('sessions', 'userId', sessions.userId, 'id', { required: true })
    add('sessions', 'startTime', sessions.startTime, 'date', { required: true })
    add('sessions', 'endTime', sessions.endTime, 'date')
    add('sessions', 'browser', sessions.browser, 'string')
    add('sessions', 'os', sessions.os, 'string')
    add('sessions', 'ipAddress', sessions.ipAddress, 'string')
  }
  const users = mapping.users
  if (users) {
    add('users', 'id', users.id, 'id', { required: true })
    add('users', 'name', users.name, 'string')
    add('users', 'email', users.email, 'string')
    add('users', 'createdAt', users.createdAt, 'date')
    add('users', 'lastActiveAt', users.lastActiveAt, 'date')
  }
  return checks
}
