import { Alert, Card, Flex } from 'antd'
import { useCallback, useEffect, useMemo } from 'react'
import {
  funnelQueryFields,
  type FunnelDefinition
} from '../../../../shared/funnels/funnel-definition'
import { formatWindowText } from '../../../../shared/funnels/conversion-window'
import type { SavedFunnel } from '../../../../shared/contracts/funnels-contract'
import type { FunnelQuery } from '../../../../shared/journeys/query-schemas'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useJourneyQuery } from '../../app/query/use-journey-query'
import { setParams, useRoute } from '../../app/routes/navigation'
import { useScope } from '../../app/scope/use-scope'
import { EmptyState } from '../../components/EmptyState'
import { ShowQueryButton } from '../../components/show-query/ShowQueryButton'
import { FunnelBuilder } from './FunnelBuilder'
import { useFunnelDraftStore } from './funnel-draft-store'
import { FunnelResultView } from './FunnelResultView'
import { FunnelUsersPanel } from './FunnelUsersPanel'
import {
  drillKey,
  drillParams,
  funnelViewParams,
  readFunnelViewState,
  type FunnelDrill
} from './funnel-view-state'
import { SavedFunnelsBar } from './SavedFunnelsBar'
import { useRenderMarks } from './use-render-marks'

const MODE_NAMES = { ordered: 'ordered', strict: 'strict order', any: 'any order' } as const

/** The route parameters the Funnels screen owns, all cleared (a new, empty funnel). */
const NO_FUNNEL = {
  step: null,
  mode: null,
  window: null,
  by: null,
  saved: null,
  ...drillParams(null)
}

/**
 * Funnels: build 2–10 steps, see users per step, drop-offs, time to convert and the breakdown;
 * click a step or a drop-off for its users. The funnel lives in the route; definitions can be
 * saved per source.
 */
export default function FunnelsScreen() {
  const route = useRoute()
  const { scope, sourceKey } = useScope()
  const view = useMemo(() => readFunnelViewState(route.params), [route.params])
  const followRoute = useFunnelDraftStore((state) => state.followRoute)
  const startNew = useFunnelDraftStore((state) => state.startNew)
  useEffect(() => {
    followRoute(view.definition)
  }, [followRoute, view.definition])

  const query = useMemo<FunnelQuery | null>(
    () => (view.definition ? { ...scope, ...funnelQueryFields(view.definition) } : null),
    [scope, view.definition]
  )
  const funnel = useJourneyQuery('funnel', query)
  const result = funnel.result
  // From the screen's first render with the answer to its painting (the bench reads it).
  useRenderMarks('funnel', result)

  // Stable callbacks, so the builder and the saved-funnels bar skip the re-render a result causes.
  const show = useCallback((definition: FunnelDefinition, savedId: string | null) => {
    setParams(funnelViewParams(definition, { savedId }))
  }, [])
  const openSaved = useCallback(
    (saved: SavedFunnel) => {
      show(saved.definition, saved.id)
    },
    [show]
  )
  const forgetSaved = useCallback(() => {
    setParams({ saved: null })
  }, [])
  const savedId = view.savedId
  const run = useCallback(
    (definition: FunnelDefinition) => {
      show(definition, savedId)
    },
    [show, savedId]
  )
  const clear = useCallback(() => {
    startNew()
    setParams(NO_FUNNEL)
  }, [startNew])
  const drillInto = useCallback((drill: FunnelDrill) => {
    setParams(drillParams(drill))
  }, [])

  return (
    <Flex vertical gap={16}>
      <Card title="Funnel" size="small">
        <Flex vertical gap={12}>
          <SavedFunnelsBar
            sourceKey={sourceKey}
            source={scope.source}
            savedId={view.savedId}
            shown={view.definition}
            onOpen={openSaved}
            onSaved={openSaved}
            onDeleted={forgetSaved}
          />
          {view.problems.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title="Part of this link could not be read"
              description={view.problems.join(' ')}
            />
          )}
          <FunnelBuilder onRun={run} onNew={clear} />
        </Flex>
      </Card>
      {query === null || view.definition === null ? (
        <Card>
          <EmptyState
            title="Build a funnel"
            hint="Give each step an event (and, if you like, a page or the pages under a prefix), then Show funnel. Open a saved funnel above to start from one."
          />
        </Card>
      ) : (
        <Card
          title={describeFunnel(view.definition)}
          extra={
            <ShowQueryButton
              what="funnel"
              plan={result?.plan}
              tookMs={funnel.resultMs}
              source={scope.source}
            />
          }
        >
          <Flex vertical gap={12}>
            <QueryStatus query={funnel} what="funnel" />
            {result && (
              <FunnelResultView
                result={result}
                breakdownBy={result.breakdown ? (view.definition.breakdown ?? null) : null}
                drill={view.drill}
                onDrill={drillInto}
              />
            )}
          </Flex>
        </Card>
      )}
      {query !== null && view.drill !== null && (
        <FunnelUsersPanel
          key={drillKey(view.drill)}
          query={query}
          drill={view.drill}
          labels={result?.steps.map((step) => step.label) ?? []}
          onClose={() => {
            setParams(drillParams(null))
          }}
        />
      )}
    </Flex>
  )
}

function describeFunnel(definition: FunnelDefinition): string {
  const window = formatWindowText(definition.window)
  return `${String(definition.steps.length)} steps, ${MODE_NAMES[definition.mode]}, within ${window}${
    definition.breakdown
      ? `, by ${definition.breakdown === 'os' ? 'OS' : definition.breakdown}`
      : ''
  }`
}
