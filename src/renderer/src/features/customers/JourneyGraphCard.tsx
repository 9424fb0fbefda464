import { Card, Typography } from 'antd'
import { useMemo } from 'react'
import type { JourneyGraph } from '../../../../shared/journeys/results'
import { GraphCanvas } from '../../components/graph/GraphCanvas'
import { EmptyState } from '../../components/EmptyState'
import { journeyGraphModel } from './journey-graph-model'

/** The customer's pages and transitions, left to right; a click on a page highlights its views. */
export function JourneyGraphCard({
  journey,
  selectedPage,
  onSelect
}: {
  journey: JourneyGraph
  selectedPage: string | null
  onSelect: (page: string | null) => void
}) {
  const model = useMemo(() => journeyGraphModel(journey), [journey])
  return (
    <Card
      title="Journey"
      extra={
        <Typography.Text type="secondary">
          Pages as nodes, transitions with counts. Click a page to highlight its views below.
        </Typography.Text>
      }
    >
      {model.nodes.length === 0 ? (
        <EmptyState title="No page views" hint="This customer has no page views in any session." />
      ) : (
        <GraphCanvas
          model={model}
          ariaLabel="Journey graph"
          height={380}
          selectedNodeId={selectedPage}
          onNodeClick={(id) => {
            onSelect(id === selectedPage ? null : id)
          }}
        />
      )}
    </Card>
  )
}
