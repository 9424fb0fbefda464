import { Flex, Typography, theme } from 'antd'
import { formatCount, formatPercent } from '../../../../shared/format'
import { useChartTheme } from '../../components/charts/chart-theme'
import type { FunnelBreakdownRows } from './funnel-chart-rows'

/** The breakdown as grouped bars: per step, one bar per browser or OS, with users and conversion. */
export function FunnelBreakdown({ breakdown, by }: { breakdown: FunnelBreakdownRows; by: string }) {
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
  const groupColor = (index: number) => colors[index % colors.length] ?? token.colorPrimary
  const widest = Math.max(
    1,
    ...breakdown.rows.flatMap((row) => row.values.map((value) => value.users))
  )
  return (
    <Flex vertical gap={12}>
      <Flex role="list" aria-label={`${by} legend`} gap={12} wrap>
        {breakdown.groups.map((group, index) => (
          <Flex role="listitem" key={group} align="center" gap={6}>
            <span
              aria-hidden
              style={{
                width: 12,
                height: 12,
                borderRadius: 3,
                background: groupColor(index),
                display: 'inline-block'
              }}
            />
            <Typography.Text style={{ fontSize: 12 }}>{group}</Typography.Text>
          </Flex>
        ))}
      </Flex>
      {breakdown.rows.map((row) => (
        <div key={row.step} role="group" aria-label={`Step ${String(row.step)} by ${by}`}>
          <Typography.Text strong style={{ fontSize: 12 }}>
            {row.step}. {row.label}
          </Typography.Text>
          {row.values.map((value, index) => (
            <Flex key={value.group} align="center" gap={8} style={{ marginTop: 2 }}>
              <Typography.Text
                type="secondary"
                ellipsis
                style={{ width: 110, fontSize: 12, flex: 'none' }}
              >
                {value.group}
              </Typography.Text>
              <div style={{ flex: 1, height: 12 }}>
                <div
                  style={{
                    width: `${String((value.users / widest) * 100)}%`,
                    minWidth: value.users > 0 ? 2 : 0,
                    height: '100%',
                    borderRadius: 3,
                    background: groupColor(index)
                  }}
                />
              </div>
              <Typography.Text
                style={{ width: 150, fontSize: 12, flex: 'none', textAlign: 'right' }}
              >
                {formatCount(value.users)} · {formatPercent(value.conversionFromStart)}
              </Typography.Text>
            </Flex>
          ))}
        </div>
      ))}
    </Flex>
  )
}
