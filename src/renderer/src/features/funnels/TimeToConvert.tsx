import { theme } from 'antd'
import { memo, type CSSProperties } from 'react'
import { formatCount, formatDuration, formatPercent } from '../../../../shared/format'
import { TIME_TO_CONVERT_BUCKETS } from '../../../../shared/journeys/results'
import type { FunnelHistogramRow } from './funnel-chart-rows'

/**
 * Time to convert: per step after the first, how long users took from the previous step, in the
 * fixed buckets from under a minute to more than a week. Each row is a small histogram (plain
 * elements; the hover text is the cell's title).
 */
export const TimeToConvert = memo(function TimeToConvert({ rows }: { rows: FunnelHistogramRow[] }) {
  const { token } = theme.useToken()
  const columns = `minmax(160px, 1.4fr) repeat(${String(TIME_TO_CONVERT_BUCKETS.length)}, minmax(52px, 1fr))`
  const small: CSSProperties = { fontSize: 11, color: token.colorTextSecondary }
  return (
    <div
      role="table"
      aria-label="Time to convert"
      style={{ overflowX: 'auto', color: token.colorText }}
    >
      <div
        role="row"
        style={{ display: 'grid', gridTemplateColumns: columns, gap: 4, marginBottom: 4 }}
      >
        <span role="columnheader" style={{ ...small, fontSize: 12 }}>
          From the previous step to
        </span>
        {TIME_TO_CONVERT_BUCKETS.map((bucket) => (
          <span
            key={bucket.label}
            role="columnheader"
            style={{ ...small, textAlign: 'center', whiteSpace: 'nowrap' }}
          >
            {bucket.label}
          </span>
        ))}
      </div>
      {rows.map((row) => {
        const tallest = Math.max(...row.buckets.map((bucket) => bucket.users), 1)
        return (
          <div
            key={row.step}
            role="row"
            aria-label={`Step ${String(row.step)}`}
            style={{
              display: 'grid',
              gridTemplateColumns: columns,
              gap: 4,
              alignItems: 'end',
              padding: '4px 0',
              borderTop: `1px solid ${token.colorBorderSecondary}`
            }}
          >
            <div role="rowheader" style={{ minWidth: 0 }} title={row.label}>
              <div
                style={{
                  fontSize: 12,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  whiteSpace: 'nowrap'
                }}
              >
                {row.step}. {row.label}
              </div>
              <span style={small}>
                median{' '}
                {row.medianSecondsFromPrevious === null
                  ? '–'
                  : formatDuration(row.medianSecondsFromPrevious)}
              </span>
            </div>
            {row.buckets.map((bucket) => (
              <div
                key={bucket.label}
                role="cell"
                title={`${formatCount(bucket.users)} users (${formatPercent(bucket.share)}) took ${bucket.label}`}
                style={{ textAlign: 'center' }}
              >
                <div
                  aria-hidden
                  style={{
                    height: 36,
                    display: 'flex',
                    alignItems: 'flex-end',
                    justifyContent: 'center'
                  }}
                >
                  <div
                    style={{
                      width: '70%',
                      height: `${String((bucket.users / tallest) * 100)}%`,
                      minHeight: bucket.users > 0 ? 2 : 0,
                      background: token.colorPrimary,
                      opacity: 0.75,
                      borderRadius: '3px 3px 0 0'
                    }}
                  />
                </div>
                <span
                  style={{
                    fontSize: 11,
                    color: bucket.users === 0 ? token.colorTextTertiary : undefined
                  }}
                >
                  {formatCount(bucket.users)}
                </span>
              </div>
            ))}
          </div>
        )
      })}
    </div>
  )
})
