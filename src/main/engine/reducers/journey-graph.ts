import type { EventDocument } from '../../../shared/journeys/documents'
import type { JourneyGraph } from '../../../shared/journeys/results'
import { FLOW_ENTRY, FLOW_EXIT } from '../rules/flow-order'
import { journeyGraphWithinBudget, type JourneyTransition } from '../rules/journey-graph-budget'
import { pageViewUrl } from './page-views'

interface PageStats {
  views: number
  durationSum: number
  durationCount: number
}

/**
 * One customer's page-to-page graph over their sessions: page views with consecutive repeats
 * merged, `(entry)` -> first page, page -> next, last page -> `(exit)`. Feed session by session.
 */
export class JourneyGraphAccumulator {
  private readonly pages = new Map<string, PageStats>()
  private readonly edges = new Map<string, Map<string, number>>()
  private sessionsWithViews = 0

  /** One session's events in event order (events that are not page views are skipped). */
  addSession(events: Iterable<EventDocument>): void {
    let previous: string | null = null
    for (const event of events) {
      const url = pageViewUrl(event)
      if (url === null) continue
      let stats = this.pages.get(url)
      if (!stats) {
        stats = { views: 0, durationSum: 0, durationCount: 0 }
        this.pages.set(url, stats)
      }
      stats.views++
      const duration = event.metadata?.duration
      if (typeof duration === 'number') {
        stats.durationSum += duration
        stats.durationCount++
      }
      if (previous === url) continue
      this.addEdge(previous ?? FLOW_ENTRY, url)
      previous = url
    }
    if (previous !== null) {
      this.addEdge(previous, FLOW_EXIT)
      this.sessionsWithViews++
    }
  }

  private addEdge(source: string, target: string): void {
    let targets = this.edges.get(source)
    if (!targets) {
      targets = new Map()
      this.edges.set(source, targets)
    }
    targets.set(target, (targets.get(target) ?? 0) + 1)
  }

  /** The graph, within the budget (journey-graph-budget.ts). */
  result(): JourneyGraph {
    const pages = [...this.pages].map(([page, stats]) => ({ page, ...stats }))
    const transitions: JourneyTransition[] = []
    for (const [source, targets] of this.edges) {
      for (const [target, count] of targets) transitions.push({ source, target, count })
    }
    return journeyGraphWithinBudget(pages, transitions, this.sessionsWithViews)
  }
}
