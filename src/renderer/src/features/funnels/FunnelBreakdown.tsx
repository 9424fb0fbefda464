import { theme } from 'antd'
import { memo, type CSSProperties } from 'react'
import { formatCount, formatPercent } from '../../../../shared/format'
import { useChartTheme } from '../../components/charts/chart-theme'
import type { FunnelBreakdownRows } from './funnel-chart-rows'
import type { FunnelDrill } from './funnel-view-state'

const CHART_HEIGHT = 180

/**
 * The breakdown as grouped bars: per step a group of bars, one per browser or OS (users, hover for
 * the numbers), and a table of each group's conversion from the first step to the last. Plain
 * elements, so it draws within the funnel's 200 ms.
 */
export const FunnelBreakdown = memo(function FunnelBreakdown({
  breakdown,
  by,
  drill,
  onDrill
}: {
  breakdown: FunnelBreakdownRows
  by: string
  drill: FunnelDrill | null
  onDrill: (drill: FunnelDrill) => void
}) {
  const { token } = theme.useToken()
  const chart = useChartTheme()
  // The charts' series colours first, then more of antd's palettes (they follow the theme).
  const colors = [
    ...chart.series,
    token['volcano-6'],
    token['geekblue-6'],
    token['lime-6'],
    token['orange-6']
  ]
  const color = (index: number) => colors[index % colors.length] ?? token.colorPrimary
  const tallest = Math.max(1, ...breakdown.rows.flatMap((row) => row.values.map((v) => v.users)))
  const groupName = by === 'os' ? 'Operating system' : 'Browser'
  const cell: CSSProperties = {
    padding: '6px 8px',
    borderBottom: `1px solid ${token.colorBorderSecondary}`,
    textAlign: 'right'
  }
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, color: token.colorText }}>
      <div
        role="list"
        aria-label={`${groupName} colours`}
        style={{ display: 'flex', flexWrap: 'wrap', gap: 14 }}
      >
        {breakdown.groups.map((group, index) => (
          <span
            role="listitem"
            key={group}
            style={{ display: 'inline-flex', alignItems: 'center', gap: 6, fontSize: 12 }}
          >
            <span
              aria-hidden
              style={{ width: 10, height: 10, borderRadius: 2, background: color(index) }}
            />
            {group}
          </span>
        ))}
      </div>
      <div
        role="group"
        aria-label={`Users per step by ${by}, ${formatCount(tallest)} at most`}
        style={{ display: 'flex', gap: 8, alignItems: 'stretch' }}
      >
        <div
          aria-hidden
          style={{
            display: 'flex',
            flexDirection: 'column',
            justifyContent: 'space-between',
            height: CHART_HEIGHT,
            fontSize: 11,
            color: chart.axis,
            textAlign: 'right',
            minWidth: 40
          }}
        >
          <span>{formatCount(tallest)}</span>
          <span>{formatCount(Math.round(tallest / 2))}</span>
          <span>0</span>
        </div>
        {breakdown.rows.map((row) => (
          <div key={row.step} style={{ flex: 1, minWidth: 0 }}>
            <div
              style={{
                height: CHART_HEIGHT,
                display: 'flex',
                alignItems: 'flex-end',
                justifyContent: 'center',
                gap: 2,
                borderBottom: `1px solid ${chart.grid}`,
                backgroundImage: `linear-gradient(${chart.grid} 1px, transparent 1px)`,
                backgroundSize: `100% ${String(CHART_HEIGHT / 2)}px`
              }}
            >
              {row.values.map((value, index) => {
                const pressed =
                  drill?.step === row.step &&
                  drill.outcome === 'reached' &&
                  drill.group === value.group &&
                  drill.bucket === undefined
                return (
                  <button
                    type="button"
                    key={value.group}
                    aria-label={`Step ${String(row.step)}, ${value.group}: ${formatCount(value.users)} users`}
                    aria-pressed={pressed}
                    disabled={value.users === 0}
                    title={`Step ${String(row.step)}, ${value.group}: ${formatCount(value.users)} users, ${formatPercent(value.conversionFromStart)} of step 1${value.users > 0 ? '; click to list them' : ''}`}
                    onClick={() => {
                      onDrill({ outcome: 'reached', step: row.step, group: value.group })
                    }}
                    style={{
                      flex: 1,
                      maxWidth: 18,
                      height: `${String((value.users / tallest) * 100)}%`,
                      minHeight: value.users > 0 ? 1 : 0,
                      padding: 0,
                      border: 'none',
                      outline: pressed ? `2px solid ${token.colorText}` : undefined,
                      outlineOffset: 1,
                      background: color(index),
                      borderRadius: '2px 2px 0 0',
                      cursor: value.users > 0 ? 'pointer' : 'default'
                    }}
                  />
                )
              })}
            </div>
            <div
              title={row.label}
              style={{ fontSize: 11, color: chart.axis, textAlign: 'center', marginTop: 4 }}
            >
              Step {row.step}
            </div>
          </div>
        ))}
      </div>
      <table
        aria-label={`Conversion by ${by}`}
        style={{ borderCollapse: 'collapse', width: '100%', fontSize: 13 }}
      >
        <thead>
          <tr style={{ color: token.colorTextSecondary }}>
            <th style={{ ...cell, textAlign: 'left', fontWeight: 500 }}>{groupName}</th>
            <th style={{ ...cell, fontWeight: 500 }}>Entered (step 1)</th>
            <th style={{ ...cell, fontWeight: 500 }}>Reached step {breakdown.rows.length}</th>
            <th style={{ ...cell, fontWeight: 500 }}>Conversion</th>
          </tr>
        </thead>
        <tbody>
          {breakdown.summary.map((row, index) => (
            <tr key={row.group}>
              <td style={{ ...cell, textAlign: 'left' }}>
                <span
                  aria-hidden
                  style={{
                    display: 'inline-block',
                    width: 10,
                    height: 10,
                    borderRadius: 2,
                    marginInlineEnd: 8,
                    background: color(index)
                  }}
                />
                {row.group}
              </td>
              <td style={cell}>{formatCount(row.entered)}</td>
              <td style={cell}>{formatCount(row.reached)}</td>
              <td style={cell}>{formatPercent(row.conversionFromStart)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
})
