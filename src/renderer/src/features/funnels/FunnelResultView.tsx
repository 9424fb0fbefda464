import { theme } from 'antd'
import { useMemo, type CSSProperties, type ReactNode } from 'react'
import type { FunnelResult } from '../../../../shared/journeys/results'
import { EmptyState } from '../../components/EmptyState'
import { FunnelBars } from './FunnelBars'
import { FunnelBreakdown } from './FunnelBreakdown'
import { funnelChartRows } from './funnel-chart-rows'
import type { FunnelDrill } from './funnel-view-state'
import { TimeToConvert } from './TimeToConvert'

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
  const rows = useMemo(() => funnelChartRows(result), [result])
  if (rows.entered === 0) {
    return (
      <EmptyState
        title="Nobody entered this funnel"
        hint="No user had the first step's event in this scope. Widen the date range, clear the browser and OS filters, or check the first step (pick its event and page from the suggestions)."
      />
    )
  }
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 20 }}>
      <FunnelBars bars={rows.bars} dropOffs={rows.dropOffs} drill={drill} onDrill={onDrill} />
      <Section title="Time to convert">
        <TimeToConvert rows={rows.histograms} drill={drill} onDrill={onDrill} />
      </Section>
      {rows.breakdown && breakdownBy && (
        <Section title={`By ${breakdownBy === 'os' ? 'operating system' : breakdownBy}`}>
          <FunnelBreakdown
            breakdown={rows.breakdown}
            by={breakdownBy}
            drill={drill}
            onDrill={onDrill}
          />
        </Section>
      )}
      <Hint>
        Click a step to list the users who reached it, a drop-off to list those who left, a
        time-to-convert cell or a breakdown bar to list the users counted there.
      </Hint>
    </div>
  )
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const { token } = theme.useToken()
  const heading: CSSProperties = {
    margin: '0 0 8px',
    fontSize: token.fontSizeHeading5,
    fontWeight: 600,
    color: token.colorText
  }
  return (
    <section
      aria-label={title}
      style={{ borderTop: `1px solid ${token.colorBorderSecondary}`, paddingTop: 12 }}
    >
      <h3 style={heading}>{title}</h3>
      {children}
    </section>
  )
}

function Hint({ children }: { children: ReactNode }) {
  const { token } = theme.useToken()
  return <span style={{ fontSize: 12, color: token.colorTextSecondary }}>{children}</span>
}
