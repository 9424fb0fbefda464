import { theme } from 'antd'
import { memo, type CSSProperties, type ReactNode } from 'react'
import { formatCount, formatDuration, formatPercent } from '../../../../shared/format'
import { TIME_TO_CONVERT_BUCKETS } from '../../../../shared/journeys/results'
import type { FunnelHistogramRow } from './funnel-chart-rows'
import type { FunnelDrill } from './funnel-view-state'

/**
 * Time to convert: per step after the first, how long users took from the previous step, in the
 * fixed buckets from under a minute to more than a week. Each row is a small histogram (plain
 * elements; the hover text is the cell's title).
 */
export const TimeToConvert = memo(function TimeToConvert({
  rows,
  drill,
  onDrill
}: {
  rows: FunnelHistogramRow[]
  drill: FunnelDrill | null
  onDrill: (drill: FunnelDrill) => void
}) {
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
            {row.buckets.map((bucket, index) => (
              <div
                key={bucket.label}
                role="cell"
                title={`${formatCount(bucket.users)} users (${formatPercent(bucket.share)}) took ${bucket.label}${bucket.users > 0 ? '; click to list them' : ''}`}
                style={{ textAlign: 'center' }}
              >
                <BucketButton
                  users={bucket.users}
                  label={`${formatCount(bucket.users)} users took ${bucket.label} from step ${String(row.step - 1)} to step ${String(row.step)}`}
                  pressed={
                    drill?.step === row.step && drill.bucket === index && drill.group === undefined
                  }
                  onClick={() => {
                    onDrill({ outcome: 'reached', step: row.step, bucket: index })
                  }}
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
                </BucketButton>
              </div>
            ))}
          </div>
        )
      })}
    </div>
  )
})

/** A histogram cell's content as a button that lists its users; plain when nobody is in it. */
function BucketButton({
  users,
  label,
  pressed,
  onClick,
  children
}: {
  users: number
  label: string
  pressed: boolean
  onClick: () => void
  children: ReactNode
}) {
  const { token } = theme.useToken()
  if (users === 0) return <div>{children}</div>
  return (
    <button
      type="button"
      aria-label={label}
      aria-pressed={pressed}
      onClick={onClick}
      style={{
        display: 'block',
        width: '100%',
        padding: 0,
        border: 'none',
        borderRadius: token.borderRadiusSM,
        background: pressed ? token.colorPrimaryBg : 'transparent',
        color: 'inherit',
        font: 'inherit',
        cursor: 'pointer'
      }}
    >
      {children}
    </button>
  )
}
