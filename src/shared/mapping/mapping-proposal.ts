import type { FieldMappingInput } from './field-mapping'

/** The roles a mapping fills, per collection, in the order a person reads them. */
export const EVENT_ROLES = [
  'id',
  'userId',
  'sessionId',
  'eventName',
  'timestamp',
  'pageUrl',
  'duration',
  'amount',
  'currency',
  'browser',
  'os',
  'ipAddress',
  'properties'
] as const
export const SESSION_ROLES = [
  'id',
  'userId',
  'startTime',
  'endTime',
  'browser',
  'os',
  'ipAddress'
] as const
export const USER_ROLES = ['id', 'name', 'email', 'createdAt', 'lastActiveAt'] as const

export type EventRole = (typeof EVENT_ROLES)[number]
export type SessionRole = (typeof SESSION_ROLES)[number]
export type UserRole = (typeof USER_ROLES)[number]

/** Roles without which no query can run: the proposal is incomplete until they are decided. */
export const REQUIRED_EVENT_ROLES: readonly EventRole[] = ['userId', 'eventName', 'timestamp']

/** A field that could fill a role, with what the sample says about it. */
export interface RoleCandidate {
  path: string
  /** Share of sampled documents that have the field. */
  presence: number
  /** Share of sampled documents per type, most common first (`String`, `Date`, `Number`, ...). */
  types: { type: string; share: number }[]
  /** How well it fits the role, 0..1 (name, type and values). */
  score: number
  /** A few sampled values, as text. */
  examples: string[]
}

export interface RoleProposal<R extends string = string> {
  role: R
  /** The chosen field, or null (none fits, or the role stays unmapped). */
  chosen: string | null
  /** False when the sample cannot tell between candidates or no field fits a required role. */
  decided: boolean
  /** Why this field, or why none. */
  reason: string
  candidates: RoleCandidate[]
}

/** How a timestamp field stores time. */
export type TimestampFormat = 'date' | 'iso-string' | 'epoch-ms' | 'epoch-s' | 'mixed' | 'unknown'

export interface CollectionSample {
  name: string
  documents: number
  sampled: number
  sampling: 'sample' | 'first-documents' | 'first-lines'
}

export interface EventNameProposal {
  /** The data's own name for the event, or null when none looks like it. */
  chosen: string | null
  decided: boolean
  reason: string
  /** Event names seen, most frequent first, with how many sampled (or counted) events have them. */
  candidates: { name: string; events: number }[]
}

/** What sampling a source proposes, role by role, ready for a person to confirm or edit. */
export interface MappingProposal {
  /** A complete mapping, or null while a required role or collection is undecided. */
  mapping: FieldMappingInput | null
  collections: CollectionSample[]
  chosenCollections: { events: string | null; sessions: string | null; users: string | null }
  events: RoleProposal<EventRole>[]
  sessions: RoleProposal<SessionRole>[]
  users: RoleProposal<UserRole>[]
  eventNames: { pageView: EventNameProposal; purchase: EventNameProposal }
  timestampFormat: TimestampFormat
  keepQueryString: boolean
  /** What could not be decided, in words (empty when `mapping` is complete). */
  undecided: string[]
  notes: string[]
}
