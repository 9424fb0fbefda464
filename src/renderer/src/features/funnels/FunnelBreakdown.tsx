import { Flex, Table, Typography, theme } from 'antd'
import { useMemo } from 'react'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis
} from 'recharts'
import { formatCount, formatPercent } from '../../../../shared/format'
import { useChartTheme } from '../../components/charts/chart-theme'
import type { FunnelBreakdownRows } from './funnel-chart-rows'

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/**
 * The breakdown as grouped bars: a group of bars per step, one per browser or OS (users), and a
 * table of each group's conversion from the first step to the last.
 */
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
  const color = (index: number) => colors[index % colors.length] ?? token.colorPrimary
  // Group names may hold dots, which recharts reads as paths: the bars use `g<index>` keys.
  const data = useMemo(
    () =>
      breakdown.rows.map((row) => ({
        step: String(row.step),
        label: row.label,
        ...Object.fromEntries(row.values.map((value, index) => [`g${String(index)}`, value.users]))
      })),
    [breakdown]
  )
  const axis = { stroke: chart.axis, tick: { fill: chart.axis, fontSize: chart.fontSize } }
  return (
    <Flex vertical gap={12}>
      <div role="img" aria-label={`Users per step by ${by}`} style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} barCategoryGap="18%">
            <CartesianGrid stroke={chart.grid} vertical={false} />
            <XAxis
              dataKey="step"
              {...axis}
              tickLine={false}
              tickFormatter={(s: string) => `Step ${s}`}
            />
            <YAxis
              {...axis}
              width={52}
              axisLine={false}
              tickLine={false}
              allowDecimals={false}
              tickFormatter={(value: number) => COMPACT.format(value)}
            />
            <Tooltip
              cursor={{ fill: token.colorFillTertiary }}
              contentStyle={{
                background: chart.tooltipBackground,
                border: `1px solid ${chart.tooltipBorder}`,
                borderRadius: 6,
                fontSize: chart.fontSize
              }}
              labelStyle={{ color: chart.text }}
              labelFormatter={(_, payload) => {
                const row = payload[0]?.payload as { step: string; label: string } | undefined
                return row ? `Step ${row.step}: ${row.label}` : ''
              }}
              formatter={(value) => [
                typeof value === 'number' ? `${formatCount(value)} users` : String(value)
              ]}
            />
            <Legend wrapperStyle={{ fontSize: chart.fontSize }} />
            {breakdown.groups.map((group, index) => (
              <Bar
                key={group}
                dataKey={`g${String(index)}`}
                name={group}
                fill={color(index)}
                radius={[3, 3, 0, 0]}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Table
        size="small"
        aria-label={`Conversion by ${by}`}
        rowKey="group"
        pagination={false}
        dataSource={breakdown.summary}
        columns={[
          {
            title: by === 'os' ? 'Operating system' : 'Browser',
            dataIndex: 'group',
            render: (group: string, _row, index) => (
              <Flex align="center" gap={8}>
                <span
                  aria-hidden
                  style={{ width: 10, height: 10, borderRadius: 2, background: color(index) }}
                />
                <Typography.Text>{group}</Typography.Text>
              </Flex>
            )
          },
          {
            title: 'Entered (step 1)',
            dataIndex: 'entered',
            align: 'right',
            render: (users: number) => formatCount(users)
          },
          {
            title: `Reached step ${String(breakdown.rows.length)}`,
            dataIndex: 'reached',
            align: 'right',
            render: (users: number) => formatCount(users)
          },
          {
            title: 'Conversion',
            dataIndex: 'conversionFromStart',
            align: 'right',
            render: (share: number) => formatPercent(share)
          }
        ]}
      />
    </Flex>
  )
}
