import { Collapse, Flex, Typography } from 'antd'
import type { FunnelResult } from '../../../../shared/journeys/results'
import { EmptyState } from '../../components/EmptyState'
import { FunnelBars } from './FunnelBars'
import { FunnelBreakdown } from './FunnelBreakdown'
import { funnelChartRows } from './funnel-chart-rows'
import type { FunnelDrill } from './funnel-view-state'
import { TimeToConvert } from './TimeToConvert'
import { useRenderMarks } from './use-render-marks'

/** A funnel result: bars and drop-offs, time to convert and the breakdown. */
export function FunnelResultView({
  result,
  breakdownBy,
  drill,
  onDrill
}: {
  result: FunnelResult
  breakdownBy: string | null
  drill: FunnelDrill | null
  onDrill: (drill: FunnelDrill) => void
}) {
  useRenderMarks('funnel', result)
  const rows = funnelChartRows(result)
  if (rows.entered === 0) {
    return (
      <EmptyState
        title="Nobody entered this funnel"
        hint="No user had the first step's event in this scope. Widen the date range, clear the browser and OS filters, or check the first step (pick its event and page from the suggestions)."
      />
    )
  }
  return (
    <Flex vertical gap={16}>
      <FunnelBars bars={rows.bars} dropOffs={rows.dropOffs} drill={drill} onDrill={onDrill} />
      <Collapse
        defaultActiveKey={['time', 'breakdown']}
        items={[
          {
            key: 'time',
            label: 'Time to convert',
            children: <TimeToConvert rows={rows.histograms} />
          },
          ...(rows.breakdown && breakdownBy
            ? [
                {
                  key: 'breakdown',
                  label: `By ${breakdownBy}`,
                  children: <FunnelBreakdown breakdown={rows.breakdown} by={breakdownBy} />
                }
              ]
            : [])
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        Click a step to list the users who reached it, or a drop-off to list those who left.
      </Typography.Text>
    </Flex>
  )
}
