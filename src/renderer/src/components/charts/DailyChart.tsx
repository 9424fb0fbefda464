import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis
} from 'recharts'
import { useChartTheme } from './chart-theme'

export interface ChartSeries {
  /** The field of each row. */
  key: string
  label: string
}

export interface DailyChartProps {
  /** One row per day: `{ day: 'YYYY-MM-DD', [series.key]: number }`. */
  rows: readonly Record<string, number | string>[]
  series: readonly ChartSeries[]
  kind?: 'line' | 'area' | 'bar'
  height?: number
  /** Formats values on the axis and in the tooltip. */
  formatValue?: (value: number) => string
  ariaLabel: string
}

const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 })

/** A daily time series (one or more lines, an area or bars), themed from antd's tokens. */
export function DailyChart({
  rows,
  series,
  kind = 'line',
  height = 220,
  formatValue = (value) => COMPACT.format(value),
  ariaLabel
}: DailyChartProps) {
  const chart = useChartTheme()
  const axisProps = {
    stroke: chart.axis,
    tick: { fill: chart.axis, fontSize: chart.fontSize },
    tickLine: false
  }
  const common = (
    <>
      <CartesianGrid stroke={chart.grid} vertical={false} />
      <XAxis dataKey="day" {...axisProps} minTickGap={28} tickFormatter={shortDay} />
      <YAxis
        {...axisProps}
        width={52}
        axisLine={false}
        tickFormatter={(value: number) => formatValue(value)}
        allowDecimals={false}
      />
      <Tooltip
        contentStyle={{
          background: chart.tooltipBackground,
          border: `1px solid ${chart.tooltipBorder}`,
          borderRadius: 6,
          fontSize: chart.fontSize
        }}
        labelStyle={{ color: chart.text }}
        formatter={(value) => (typeof value === 'number' ? formatValue(value) : String(value))}
      />
      {series.length > 1 && <Legend wrapperStyle={{ fontSize: chart.fontSize }} />}
    </>
  )
  const color = (index: number) => chart.series[index % chart.series.length]
  return (
    <div role="img" aria-label={ariaLabel} style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%">
        {kind === 'bar' ? (
          <BarChart data={rows}>
            {common}
            {series.map((s, i) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                fill={color(i)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        ) : kind === 'area' ? (
          <AreaChart data={rows}>
            {common}
            {series.map((s, i) => (
              <Area
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={color(i)}
                fill={color(i)}
                fillOpacity={0.15}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </AreaChart>
        ) : (
          <LineChart data={rows}>
            {common}
            {series.map((s, i) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={color(i)}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  )
}

// One formatter for every tick: `toLocaleDateString` with options builds a new one per call, and
// recharts formats (and measures) every day's tick on each render to space them.
const SHORT_DAY = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC'
})

/** `2025-09-18` → `18 Sep`. */
function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return day
  return SHORT_DAY.format(date)
}
