import {
  fieldMappingSchema,
  type FieldMapping,
  type FieldMappingInput
} from '../../../../shared/mapping/field-mapping'
import {
  EVENT_ROLES,
  SESSION_ROLES,
  USER_ROLES,
  type MappingProposal,
  type RoleProposal
} from '../../../../shared/mapping/mapping-proposal'

/** The collections a mapping reads, by what they hold. */
export type MappedCollection = 'events' | 'sessions' | 'users'

/**
 * A mapping being edited: each collection's name and a text per role (empty: not mapped), the
 * event names, and the reading options. Text everywhere, so any field path can be typed.
 */
export interface MappingDraft {
  collections: Record<MappedCollection, string>
  roles: Record<MappedCollection, Record<string, string>>
  pageView: string
  purchase: string
  sessionIdleMinutes: number
  keepQueryString: boolean
}

export const ROLES_OF: Record<MappedCollection, readonly string[]> = {
  events: EVENT_ROLES,
  sessions: SESSION_ROLES,
  users: USER_ROLES
}

/** What each role means, for people. */
export const ROLE_LABELS: Record<string, string> = {
  id: 'Id',
  userId: 'User id',
  sessionId: 'Session id',
  eventName: 'Event name',
  timestamp: 'Time',
  pageUrl: 'Page URL',
  duration: 'Seconds on page',
  amount: 'Amount',
  currency: 'Currency',
  browser: 'Browser',
  os: 'Operating system',
  ipAddress: 'IP address',
  properties: 'Properties (segment filters)',
  startTime: 'Start time',
  endTime: 'End time',
  name: 'Name',
  email: 'Email',
  createdAt: 'Created at',
  lastActiveAt: 'Last active at'
}

/** A mapping (saved, or proposed) as a draft to edit. */
export function draftFromMapping(input: FieldMappingInput): MappingDraft {
  const mapping = fieldMappingSchema.parse(input)
  const rolesOf = (fields: Record<string, unknown> | null, collection: MappedCollection) =>
    Object.fromEntries(
      ROLES_OF[collection].map((role) => {
        const value = fields?.[role]
        return [role, typeof value === 'string' ? value : '']
      })
    )
  return {
    collections: {
      events: mapping.events.collection,
      sessions: mapping.sessions?.collection ?? '',
      users: mapping.users?.collection ?? ''
    },
    roles: {
      events: rolesOf(mapping.events, 'events'),
      sessions: rolesOf(mapping.sessions, 'sessions'),
      users: rolesOf(mapping.users, 'users')
    },
    pageView: mapping.eventNames.pageView,
    purchase: mapping.eventNames.purchase,
    sessionIdleMinutes: mapping.sessionIdleMinutes,
    keepQueryString: mapping.keepQueryString
  }
}

/**
 * A draft from what sampling proposed: its complete mapping when it has one, else each decided
 * role (undecided ones stay empty for the person to fill).
 */
export function draftFromProposal(proposal: MappingProposal): MappingDraft {
  if (proposal.mapping) return draftFromMapping(proposal.mapping)
  const chosen = (roles: RoleProposal[]) =>
    Object.fromEntries(roles.map((role) => [role.role, role.chosen ?? '']))
  return {
    collections: {
      events: proposal.chosenCollections.events ?? '',
      sessions: proposal.chosenCollections.sessions ?? '',
      users: proposal.chosenCollections.users ?? ''
    },
    roles: {
      events: chosen(proposal.events),
      sessions: chosen(proposal.sessions),
      users: chosen(proposal.users)
    },
    pageView: proposal.eventNames.pageView.chosen ?? '',
    purchase: proposal.eventNames.purchase.chosen ?? '',
    sessionIdleMinutes: 30,
    keepQueryString: proposal.keepQueryString
  }
}

/** The draft as a mapping, or the first thing to fix, in words. */
export function mappingFromDraft(
  draft: MappingDraft
): { mapping: FieldMapping } | { problem: string } {
  const fields = (collection: MappedCollection) =>
    Object.fromEntries(
      ROLES_OF[collection].flatMap((role): [string, string | null][] => {
        const value = draft.roles[collection][role]?.trim() ?? ''
        // An empty id means `_id`; other empty roles are not mapped.
        if (value === '') return role === 'id' ? [] : [[role, null]]
        return [[role, value]]
      })
    )
  const input = {
    events: { collection: draft.collections.events.trim(), ...fields('events') },
    sessions:
      draft.collections.sessions.trim() === ''
        ? null
        : { collection: draft.collections.sessions.trim(), ...fields('sessions') },
    users:
      draft.collections.users.trim() === ''
        ? null
        : { collection: draft.collections.users.trim(), ...fields('users') },
    eventNames: { pageView: draft.pageView.trim(), purchase: draft.purchase.trim() },
    sessionIdleMinutes: draft.sessionIdleMinutes,
    keepQueryString: draft.keepQueryString
  }
  const parsed = fieldMappingSchema.safeParse(input)
  if (parsed.success) return { mapping: parsed.data }
  const issue = parsed.error.issues[0]
  const where = issue ? describePath(issue.path) : 'the mapping'
  return { problem: `${where}: ${issue?.message ?? 'not a mapping'}` }
}

function describePath(path: readonly PropertyKey[]): string {
  const [collection, role] = path.map(String)
  if (collection === 'eventNames') {
    return role === 'pageView' ? 'Page view event name' : 'Purchase event name'
  }
  if (collection === 'events' || collection === 'sessions' || collection === 'users') {
    if (role === 'collection' || role === undefined) return `The ${collection} collection`
    return `${ROLE_LABELS[role] ?? role} of ${collection}`
  }
  return collection ?? 'the mapping'
}

/** A role's candidate fields from the proposal, for a picker: path and how often it is there. */
export function roleOptions(
  proposal: MappingProposal | null,
  collection: MappedCollection,
  role: string
): { value: string; label: string }[] {
  const roles: RoleProposal[] = proposal ? proposal[collection] : []
  const found = roles.find((candidate) => candidate.role === role)
  return (found?.candidates ?? []).map((candidate) => ({
    value: candidate.path,
    label: `${candidate.path} · in ${String(Math.round(candidate.presence * 100))} % · ${candidate.types.map((type) => type.type).join('/')}`
  }))
}
