import { Tooltip, Typography, theme } from 'antd'
import { formatCount, formatDuration, formatPercent } from '../../../../shared/format'
import { TIME_TO_CONVERT_BUCKETS } from '../../../../shared/journeys/results'
import type { FunnelHistogramRow } from './funnel-chart-rows'

/**
 * Time to convert: per step after the first, how long users took from the previous step, in the
 * fixed buckets from under a minute to more than a week. Each row is a small histogram.
 */
export function TimeToConvert({ rows }: { rows: FunnelHistogramRow[] }) {
  const { token } = theme.useToken()
  const columns = `minmax(160px, 1.4fr) repeat(${String(TIME_TO_CONVERT_BUCKETS.length)}, minmax(52px, 1fr))`
  return (
    <div role="table" aria-label="Time to convert" style={{ overflowX: 'auto' }}>
      <div
        role="row"
        style={{ display: 'grid', gridTemplateColumns: columns, gap: 4, marginBottom: 4 }}
      >
        <Typography.Text role="columnheader" type="secondary" style={{ fontSize: 12 }}>
          From the previous step to
        </Typography.Text>
        {TIME_TO_CONVERT_BUCKETS.map((bucket) => (
          <Typography.Text
            key={bucket.label}
            role="columnheader"
            type="secondary"
            style={{ fontSize: 11, textAlign: 'center', whiteSpace: 'nowrap' }}
          >
            {bucket.label}
          </Typography.Text>
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
            <div role="rowheader" style={{ minWidth: 0 }}>
              <Typography.Text ellipsis style={{ display: 'block', fontSize: 12 }}>
                {row.step}. {row.label}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                median{' '}
                {row.medianSecondsFromPrevious === null
                  ? '–'
                  : formatDuration(row.medianSecondsFromPrevious)}
              </Typography.Text>
            </div>
            {row.buckets.map((bucket) => (
              <Tooltip
                key={bucket.label}
                title={`${formatCount(bucket.users)} users (${formatPercent(bucket.share)}) took ${bucket.label}`}
              >
                <div role="cell" style={{ textAlign: 'center' }}>
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
                  <Typography.Text
                    style={{ fontSize: 11 }}
                    type={bucket.users === 0 ? 'secondary' : undefined}
                  >
                    {formatCount(bucket.users)}
                  </Typography.Text>
                </div>
              </Tooltip>
            ))}
          </div>
        )
      })}
    </div>
  )
}
