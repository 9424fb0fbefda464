import type { FieldMapping } from '../../../../shared/mapping/field-mapping'
import type { RecommendedIndex } from '../../../data/recommended-indexes'

/**
 * The indexes a source read through a mapping should have, in the data's own collection and field
 * names (named as MongoDB names them by default, so an index made by hand is recognised): the
 * mapped user id of the events (every analysis reads events user by user, sorted on it; case
 * files find a customer's events by it), and the ids case files look customers and their sessions
 * up by.
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
