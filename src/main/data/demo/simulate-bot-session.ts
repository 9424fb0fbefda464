import { EVENT_TYPES } from '../../../shared/journeys/documents'
import type { SessionSimulation } from './simulate-session'

/**
 * A crawler's visit: hundreds to thousands of page views in quick succession, walking categories and
 * the product catalogue in id order, never buying. Returns the end time (ms).
 */
export function simulateBotSession(sim: SessionSimulation, start: number, pages: number): number {
  const { random, catalogue } = sim
  sim.emit(EVENT_TYPES.sessionStart, start, { referrer: 'direct' })
  const urls = [
    '/',
    ...catalogue.subcategories.flatMap((sub) => [sub.category.path, sub.path]),
    ...catalogue.products.map((product) => product.path)
  ]
  let now = start + random.int(20, 200)
  let end = now
  let position = random.int(0, urls.length - 1)
  for (let view = 0; view < pages; view++) {
    const duration = random.chance(0.7) ? 0 : 1
    sim.emit(EVENT_TYPES.pageView, now, { pageUrl: urls[position % urls.length], duration })
    position += random.chance(0.9) ? 1 : random.int(2, 40)
    // The visit ends when the last page is left, as a session derived from events would say.
    end = now + duration * 1000
    now = end + random.int(80, 1200)
  }
  return end
}
