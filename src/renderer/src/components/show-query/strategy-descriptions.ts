import type { Strategy } from '../../../../shared/journeys/results'

/** What each strategy means, in one sentence for the Show query drawer and the header. */
export const STRATEGY_DESCRIPTIONS: Record<Strategy, string> = {
  pipeline: 'Aggregation pipelines that run inside MongoDB; the app receives only the answer.',
  reducer:
    'Sorted, projected finds streamed from the server through the app’s reducers (the server lacks the aggregation stages).',
  local: 'The app’s local engine over the workspace’s files; no server involved.'
}
