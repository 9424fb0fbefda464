import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import type { RecommendedIndex } from '../../../data/recommended-indexes'
import { rawEventNameIndex } from '../../pipelines/mapping/mapped-raw-match'

/**
 * The indexes a source read through a mapping should have, in the data's own collection and field
 * names (named as MongoDB names them by default, so an index made by hand is recognised): the
 * mapped user id of the events (every analysis reads events user by user, sorted on it; case
 * files find a customer's events by it), its event name and time (the raw match of funnels and
 * the overview, as the seed's event type and time), and the ids case files look customers and
 * their sessions up by. The seed's other recommendations have no counterpart the mapped queries
 * would use: their events are put in time order in the app (not sorted on time or session by the
 * server), sessions are found by equality on the user id, and searches match names and emails by
 * case-insensitive regular expressions.
 */
export function mappedRecommendedIndexes(mapping: FieldMapping): RecommendedIndex[] {
  const events = mapping.events
  const indexes: RecommendedIndex[] = [
    {
      collection: events.collection,
      name: `${events.userId}_1`,
      keys: { [events.userId]: 1 },
      serves:
        'Every analysis reads the events user by user, sorted on it, and each case file finds its customer’s events by it.',
      missingCost:
        'every analysis sorts all the events in the server’s memory and each case file reads the whole collection.'
    }
  ]
  // The seed's { eventType: 1, timestamp: 1 }: the raw match pipelines put first reads by it.
  const byName = rawEventNameIndex(mapping)
  if (byName) {
    indexes.push({
      collection: events.collection,
      name: byName.name,
      keys: byName.keys,
      serves:
        'Events of some names in a date range: funnel entries, overview page views and purchases (the raw match the pipelines run first).',
      missingCost: 'funnel and overview filters on event name and date read the whole collection.'
    })
  }
  const users = mapping.users
  if (users && users.id !== '_id') {
    indexes.push({
      collection: users.collection,
      name: `${users.id}_1`,
      keys: { [users.id]: 1 },
      serves: 'Each case file and search by id finds its customer by it.',
      missingCost: 'each case file and search by id reads the whole collection.'
    })
  }
  const sessions = mapping.sessions
  if (sessions) {
    indexes.push({
      collection: sessions.collection,
      name: `${sessions.userId}_1`,
      keys: { [sessions.userId]: 1 },
      serves: 'Each case file finds its customer’s sessions by it.',
      missingCost: 'each case file reads the whole collection.'
    })
  }
  return indexes
}
