import type { DocumentId, SessionDocument } from '../../../../shared/journeys/documents'
import type { DemoUserBundle } from '../simulate-user'
import { POSTHOG_EVENT_NAMES, POSTHOG_ORIGIN } from './shape-event-names'
import { idText, splitRoleFields } from './shape-helpers'

/**
 * A PostHog-style export: `persons` (`distinct_id`, `properties.name/email`, `created_at` in epoch
 * seconds) and `events` (`event: "$pageview"`, `distinct_id`, `timestamp` in epoch milliseconds,
 * `properties.current_url` absolute, `properties.session_id`, `browser`, `os`, `ip`), with no
 * sessions collection. PostHog itself names those properties `$current_url`, `$session_id`, ...;
 * FerretDB 1.x refuses field names that start with `$`, so this shape drops the `$` (the mapping
 * and the pipelines still read `$`-prefixed paths, through `$getField`).
 */
export function posthogDocuments(bundle: DemoUserBundle): Record<string, unknown[]> {
  const { user } = bundle
  const sessions = new Map<DocumentId, SessionDocument>(
    bundle.sessions.map((session) => [session._id, session])
  )
  const person = {
    _id: `person-${idText(user._id)}`,
    distinct_id: user._id,
    properties: { name: user.name, email: user.email },
    created_at: user.createdAt.getTime() / 1000
  }
  const events = bundle.events.map((event) => {
    const session = sessions.get(event.sessionId)
    const { pageUrl, rest } = splitRoleFields(event.metadata, { keepAmount: true })
    return {
      _id: event._id,
      event: POSTHOG_EVENT_NAMES[event.eventType] ?? event.eventType,
      distinct_id: event.userId,
      timestamp: event.timestamp.getTime(),
      properties: {
        ...rest,
        ...(typeof pageUrl === 'string' ? { current_url: `${POSTHOG_ORIGIN}${pageUrl}` } : {}),
        session_id: event.sessionId,
        browser: session?.deviceInfo?.browser,
        os: session?.deviceInfo?.os,
        ip: session?.ipAddress
      }
    }
  })
  return { persons: [person], events }
}
