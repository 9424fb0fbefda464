import type { FieldMappingInput } from '../../shared/mapping/field-mapping'
import {
  EVENT_ROLES,
  REQUIRED_EVENT_ROLES,
  SESSION_ROLES,
  USER_ROLES,
  type EventNameProposal,
  type MappingProposal,
  type RoleCandidate,
  type RoleProposal,
  type TimestampFormat
} from '../../shared/mapping/mapping-proposal'
import type { CollectionProfile, FieldProfile } from './field-profile'
import {
  EVENT_RULES,
  SESSION_RULES,
  USER_RULES,
  epochUnit,
  nameScore,
  normaliseName,
  valueFit,
  type RoleRule
} from './role-rules'

/** What the sampler found: every collection's profile, and the event names with their counts. */
export interface SampledSource {
  collections: CollectionProfile[]
  /**
   * Event names with counts, for the collection and field the caller asks about (the sampler counts
   * them over the whole collection where it can, else over the sample).
   */
  eventNames: (collection: string, path: string) => Promise<{ name: string; events: number }[]>
}

/** A candidate below this score does not fill a role. */
const MIN_SCORE = 0.5
/** Two candidates closer than this cannot be told apart by the sample. */
const TIE_MARGIN = 0.05
/** At least this share of sampled values must fit the role. */
const MIN_VALUE_FIT = 0.8
/** Required roles must be present in most events. */
const MIN_REQUIRED_PRESENCE = 0.5

const PAGE_VIEW_NAMES = ['pageview', 'pageviewed', 'page', 'viewpage', 'pageload', 'screenview']
const PURCHASE_NAMES = [
  'purchase',
  'ordercompleted',
  'orderplaced',
  'checkoutcompleted',
  'purchased',
  'purchasecompleted',
  'completedorder',
  'transaction',
  'order'
]
/** Query-string keys that only track campaigns: URLs that carry only these drop their query. */
const TRACKING_PARAMETERS = /^(utm_.*|gclid|fbclid|msclkid|dclid|ref|_ga|_gl|mc_cid|mc_eid)$/i

/**
 * Proposes a field mapping from sampled collections: the events collection (the one whose fields best
 * fill user id, event name and timestamp), optional users and sessions collections, a field per role
 * with its candidates, and which event names are page views and purchases. Says what it could not
 * decide instead of guessing; `mapping` is complete only when every required role is decided.
 */
export async function proposeMapping(source: SampledSource): Promise<MappingProposal> {
  const notes: string[] = []
  const undecided: string[] = []
  const collections = source.collections.map(({ name, documents, sampled, sampling }) => ({
    name,
    documents,
    sampled,
    sampling
  }))

  const eventsCollection = chooseEventsCollection(source.collections)
  if (!eventsCollection) {
    undecided.push(
      'the events collection: no collection has fields that look like a user id, an event name and a timestamp'
    )
    return emptyProposal(collections, undecided, notes)
  }
  const events = proposeRoles(EVENT_ROLES, EVENT_RULES, eventsCollection.fields)
  for (const role of events) {
    if (role.role === 'id' && !role.chosen) Object.assign(role, chosenDefault('_id'))
    if (role.role === 'sessionId' && !role.chosen && role.decided) {
      role.reason = 'no session id on the events: sessions will be derived from the idle gap'
    }
  }
  for (const required of REQUIRED_EVENT_ROLES) {
    const role = events.find((candidate) => candidate.role === required)
    if (!role?.decided || !role.chosen)
      undecided.push(`events: ${required} (${role?.reason ?? ''})`)
  }
  const eventPath = (name: string): string | null =>
    events.find((role) => role.role === name)?.chosen ?? null

  const others = source.collections.filter((collection) => collection !== eventsCollection)
  const eventUserIds = fieldValues(eventsCollection, eventPath('userId'))
  const users = chooseSideCollection(
    others,
    USER_RULES,
    ['email', 'name'],
    /user|person|people|customer|identif|profile|member|account/i
  )
  const userRoles = users ? proposeRoles(USER_ROLES, USER_RULES, users.fields) : []
  if (users) decideUserId(userRoles, users, eventUserIds, eventPath('userId'))
  const sessions = chooseSideCollection(
    others.filter((collection) => collection !== users),
    SESSION_RULES,
    ['startTime', 'userId'],
    /session|visit/i
  )
  const sessionRoles = sessions ? proposeRoles(SESSION_ROLES, SESSION_RULES, sessions.fields) : []
  if (sessions) {
    const id = sessionRoles.find((role) => role.role === 'id')
    if (id && !id.chosen) Object.assign(id, chosenDefault('_id'))
  }
  if (!users)
    notes.push('No users collection found: users are the distinct user ids of the events.')
  if (!sessions && !eventPath('sessionId')) {
    notes.push('No sessions collection and no session id: sessions are split at 30 idle minutes.')
  } else if (!sessions) {
    notes.push('No sessions collection: sessions are the events’ session ids.')
  }

  const eventNameField = eventPath('eventName')
  const names = eventNameField ? await source.eventNames(eventsCollection.name, eventNameField) : []
  const pageView = proposeEventName(names, PAGE_VIEW_NAMES, 'page view')
  const purchase = proposeEventName(names, PURCHASE_NAMES, 'purchase')
  if (!pageView.decided) undecided.push(`the page view event name (${pageView.reason})`)
  if (!purchase.decided) undecided.push(`the purchase event name (${purchase.reason})`)

  const timestampField = eventsCollection.fields.find(
    (field) => field.path === eventPath('timestamp')
  )
  const timestampFormat = timestampField ? describeTimeFormat(timestampField) : 'unknown'
  if (timestampFormat === 'mixed') {
    notes.push('Timestamps are stored in more than one form; each is read as what it is.')
  }
  const pageField = eventsCollection.fields.find((field) => field.path === eventPath('pageUrl'))
  const keepQueryString = pageField ? carriesContentQueries(pageField.values) : false
  if (keepQueryString) {
    notes.push('Page URLs carry query strings that name content (like ?q=): they are kept.')
  }

  const mapping =
    undecided.length === 0 && pageView.chosen && purchase.chosen
      ? buildMapping({
          eventsCollection: eventsCollection.name,
          events,
          users: users ? { name: users.name, roles: userRoles } : null,
          sessions: sessions ? { name: sessions.name, roles: sessionRoles } : null,
          pageView: pageView.chosen,
          purchase: purchase.chosen,
          keepQueryString
        })
      : null
  return {
    mapping,
    collections,
    chosenCollections: {
      events: eventsCollection.name,
      sessions: sessions?.name ?? null,
      users: users?.name ?? null
    },
    events,
    sessions: sessionRoles,
    users: userRoles,
    eventNames: { pageView, purchase },
    timestampFormat,
    keepQueryString,
    undecided,
    notes
  }
}

function chooseEventsCollection(collections: CollectionProfile[]): CollectionProfile | null {
  let best: { collection: CollectionProfile; score: number } | null = null
  for (const collection of collections) {
    const score = REQUIRED_EVENT_ROLES.reduce((product, role) => {
      const top = rankCandidates(EVENT_RULES[role], collection.fields)[0]
      return product * (top && top.presence >= MIN_REQUIRED_PRESENCE ? top.score : 0)
    }, 1)
    if (score < MIN_SCORE ** 3) continue
    const named = /event|track|hit|action/i.test(collection.name) ? 1.05 : 1
    const weighted = score * named
    if (
      !best ||
      weighted > best.score + 1e-9 ||
      (Math.abs(weighted - best.score) <= 1e-9 && collection.documents > best.collection.documents)
    ) {
      best = { collection, score: weighted }
    }
  }
  return best?.collection ?? null
}

function chooseSideCollection<R extends string>(
  collections: CollectionProfile[],
  rules: Record<R, RoleRule>,
  required: readonly R[],
  namePattern: RegExp
): CollectionProfile | null {
  let best: { collection: CollectionProfile; score: number } | null = null
  for (const collection of collections) {
    const scores = required.map(
      (role) => rankCandidates(rules[role], collection.fields)[0]?.score ?? 0
    )
    if (scores.some((score) => score < MIN_SCORE)) continue
    const named = namePattern.test(collection.name) ? 1.2 : 1
    const score = scores.reduce((product, value) => product * value, 1) * named
    if (!best || score > best.score) best = { collection, score }
  }
  return best?.collection ?? null
}

function proposeRoles<R extends string>(
  roles: readonly R[],
  rules: Record<R, RoleRule>,
  fields: FieldProfile[]
): RoleProposal<R>[] {
  return roles.map((role) => {
    const candidates = rankCandidates(rules[role], fields)
    const [first, second] = candidates
    if (!first || first.score < MIN_SCORE) {
      return { role, chosen: null, decided: true, reason: 'no field looks like it', candidates }
    }
    if (second && second.score >= MIN_SCORE && first.score - second.score < TIE_MARGIN) {
      return {
        role,
        chosen: null,
        decided: false,
        reason: `${first.path} and ${second.path} fit equally well: choose one`,
        candidates
      }
    }
    return {
      role,
      chosen: first.path,
      decided: true,
      reason: `${first.path}: its name and ${percent(first.presence)} of sampled documents fit`,
      candidates
    }
  })
}

function rankCandidates(rule: RoleRule, fields: FieldProfile[]): RoleCandidate[] {
  const candidates: RoleCandidate[] = []
  for (const field of fields) {
    const byName = nameScore(field.path, rule)
    if (byName === 0) continue
    const fit = valueFit(field, rule)
    if (fit < MIN_VALUE_FIT) continue
    if (
      rule.lowCardinality &&
      field.values.length >= 20 &&
      field.distinctValues > field.values.length / 2
    ) {
      continue
    }
    candidates.push({
      path: field.path,
      presence: field.presence,
      types: field.types,
      score: byName * fit,
      examples: field.values.slice(0, 3).map((value) => describeValue(value))
    })
  }
  return candidates.sort((a, b) => b.score - a.score || b.presence - a.presence)
}

/**
 * The users collection's id: the field whose values are the events' user ids (by overlap of the
 * samples, else by sharing the events field's name), else `_id`.
 */
function decideUserId(
  roles: RoleProposal[],
  users: CollectionProfile,
  eventUserIds: Set<string>,
  eventUserField: string | null
): void {
  const id = roles.find((role) => role.role === 'id')
  if (!id) return
  const overlap = (field: FieldProfile): number =>
    field.values.filter((value) => eventUserIds.has(describeValue(value))).length
  const scored = users.fields
    .filter((field) =>
      field.types.some((type) => type.type !== 'Document' && type.type !== 'Array')
    )
    .map((field) => ({ field, hits: overlap(field) }))
    .filter((entry) => entry.hits > 0)
    .sort((a, b) => b.hits - a.hits)
  const byOverlap = scored[0]
  if (byOverlap) {
    Object.assign(id, {
      chosen: byOverlap.field.path,
      decided: true,
      reason: `${byOverlap.field.path} holds the events' user ids (${String(byOverlap.hits)} sampled values match)`
    })
    return
  }
  const leaf = eventUserField ? normaliseName(eventUserField.split('.').at(-1) ?? '') : null
  const sameName = users.fields.find(
    (field) => leaf !== null && normaliseName(field.path.split('.').at(-1) ?? '') === leaf
  )
  if (sameName) {
    Object.assign(id, {
      chosen: sameName.path,
      decided: true,
      reason: `${sameName.path} has the name of the events' user id field`
    })
    return
  }
  Object.assign(id, chosenDefault('_id'))
}

function proposeEventName(
  names: { name: string; events: number }[],
  wanted: readonly string[],
  what: string
): EventNameProposal {
  const candidates = names.slice(0, 50)
  for (const target of wanted) {
    const matches = names.filter(
      (entry) => normaliseName(entry.name).replace(/\s+/g, '') === target
    )
    const [first, second] = matches
    if (first && second) {
      return {
        chosen: null,
        decided: false,
        reason: `"${first.name}" and "${second.name}" both look like a ${what}: choose one`,
        candidates
      }
    }
    if (first) {
      return {
        chosen: first.name,
        decided: true,
        reason: `"${first.name}" is the ${what} event`,
        candidates
      }
    }
  }
  return {
    chosen: null,
    decided: false,
    reason: names.length === 0 ? 'no event names were found' : `no event name looks like a ${what}`,
    candidates
  }
}

function describeTimeFormat(field: FieldProfile): TimestampFormat {
  const kinds = new Set<TimestampFormat>()
  for (const value of field.values) {
    if (value instanceof Date) kinds.add('date')
    else if (typeof value === 'string') kinds.add('iso-string')
    else if (typeof value === 'number') {
      const unit = epochUnit(value)
      if (unit) kinds.add(unit === 'ms' ? 'epoch-ms' : 'epoch-s')
    }
  }
  if (kinds.size === 0) return 'unknown'
  if (kinds.size > 1) return 'mixed'
  return [...kinds][0] as TimestampFormat
}

/** True when some sampled URLs carry query parameters other than campaign tracking. */
export function carriesContentQueries(values: readonly unknown[]): boolean {
  return values.some((value) => {
    if (typeof value !== 'string') return false
    const query = /\?([^#]*)/.exec(value)?.[1]
    if (!query) return false
    return query
      .split('&')
      .map((pair) => decodeURIComponentSafely(pair.split('=')[0] ?? ''))
      .some((key) => key.length > 0 && !TRACKING_PARAMETERS.test(key))
  })
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function buildMapping(input: {
  eventsCollection: string
  events: RoleProposal[]
  users: { name: string; roles: RoleProposal[] } | null
  sessions: { name: string; roles: RoleProposal[] } | null
  pageView: string
  purchase: string
  keepQueryString: boolean
}): FieldMappingInput {
  const pick = (roles: RoleProposal[]): Record<string, string | null> =>
    Object.fromEntries(roles.map((role) => [role.role, role.chosen]))
  const events = pick(input.events)
  return {
    version: 1,
    events: { collection: input.eventsCollection, ...events } as FieldMappingInput['events'],
    sessions: input.sessions
      ? ({ collection: input.sessions.name, ...pick(input.sessions.roles) } as NonNullable<
          FieldMappingInput['sessions']
        >)
      : null,
    users: input.users ? { collection: input.users.name, ...pick(input.users.roles) } : null,
    eventNames: { pageView: input.pageView, purchase: input.purchase },
    sessionIdleMinutes: 30,
    keepQueryString: input.keepQueryString
  }
}

function emptyProposal(
  collections: MappingProposal['collections'],
  undecided: string[],
  notes: string[]
): MappingProposal {
  const none: EventNameProposal = {
    chosen: null,
    decided: false,
    reason: 'no events collection',
    candidates: []
  }
  return {
    mapping: null,
    collections,
    chosenCollections: { events: null, sessions: null, users: null },
    events: [],
    sessions: [],
    users: [],
    eventNames: { pageView: none, purchase: none },
    timestampFormat: 'unknown',
    keepQueryString: false,
    undecided,
    notes
  }
}

function chosenDefault(path: string): Pick<RoleProposal, 'chosen' | 'decided' | 'reason'> {
  return { chosen: path, decided: true, reason: `${path}, the document's own id` }
}

function fieldValues(collection: CollectionProfile, path: string | null): Set<string> {
  const field = collection.fields.find((candidate) => candidate.path === path)
  return new Set((field?.values ?? []).map((value) => describeValue(value)))
}

function describeValue(value: unknown): string {
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object' && value !== null) {
    const text = (value as { toHexString?: () => string }).toHexString?.()
    return text ?? JSON.stringify(value)
  }
  return String(value)
}

function percent(share: number): string {
  return `${String(Math.round(share * 100))} %`
}
