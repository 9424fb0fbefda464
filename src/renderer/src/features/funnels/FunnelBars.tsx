import { ArrowDownOutlined } from '@ant-design/icons'
import { theme } from 'antd'
import { Fragment, memo, type CSSProperties } from 'react'
import { formatCount, formatDuration, formatPercent } from '../../../../shared/format'
import type { FunnelBarRow, FunnelDropOffRow } from './funnel-chart-rows'
import type { FunnelDrill } from './funnel-view-state'

/**
 * The funnel as bars, one per step (users, conversion from the start and from the previous step,
 * median time), with the drop-off between steps. A bar lists the users who reached its step; a
 * drop-off lists those who left before the next one. Plain elements, no measuring components: a
 * 10-step funnel must be on screen within 200 ms of its data.
 */
export const FunnelBars = memo(function FunnelBars({
  bars,
  dropOffs,
  drill,
  onDrill
}: {
  bars: FunnelBarRow[]
  dropOffs: FunnelDropOffRow[]
  drill: FunnelDrill | null
  onDrill: (drill: FunnelDrill) => void
}) {
  const { token } = theme.useToken()
  const button: CSSProperties = {
    all: 'unset',
    boxSizing: 'border-box',
    display: 'block',
    width: '100%',
    cursor: 'pointer',
    borderRadius: token.borderRadius,
    padding: '6px 8px'
  }
  const secondary: CSSProperties = { color: token.colorTextSecondary, fontSize: 12 }
  const isDrilled = (outcome: FunnelDrill['outcome'], step: number) =>
    drill?.outcome === outcome && drill.step === step
  return (
    <div role="list" aria-label="Funnel steps and drop-offs" style={{ color: token.colorText }}>
      {bars.map((bar, index) => {
        const dropOff = dropOffs[index]
        const reachedSelected = isDrilled('reached', bar.step)
        const droppedSelected = dropOff !== undefined && isDrilled('dropped', dropOff.step)
        return (
          <Fragment key={bar.step}>
            <div role="listitem">
              <button
                type="button"
                aria-label={`Step ${String(bar.step)}: ${bar.label}, ${formatCount(bar.users)} users`}
                aria-pressed={reachedSelected}
                style={{
                  ...button,
                  background: reachedSelected ? token.colorPrimaryBg : undefined,
                  outline: reachedSelected ? `1px solid ${token.colorPrimaryBorder}` : undefined
                }}
                onClick={() => {
                  onDrill({ outcome: 'reached', step: bar.step })
                }}
              >
                <div
                  style={{
                    display: 'flex',
                    justifyContent: 'space-between',
                    gap: 12,
                    fontWeight: 600
                  }}
                >
                  <span
                    style={{
                      minWidth: 0,
                      overflow: 'hidden',
                      textOverflow: 'ellipsis',
                      whiteSpace: 'nowrap'
                    }}
                  >
                    <span style={{ color: token.colorTextSecondary, marginInlineEnd: 8 }}>
                      {bar.step}
                    </span>
                    {bar.label}
                  </span>
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <span data-field="users">{formatCount(bar.users)}</span> users
                  </span>
                </div>
                <div
                  aria-hidden
                  style={{
                    marginTop: 4,
                    height: 22,
                    borderRadius: 4,
                    background: token.colorFillTertiary,
                    overflow: 'hidden'
                  }}
                >
                  <div
                    style={{
                      width: `${String(Math.max(bar.barShare * 100, bar.users > 0 ? 0.5 : 0))}%`,
                      height: '100%',
                      background: token.colorPrimary,
                      opacity: 0.85
                    }}
                  />
                </div>
                <div
                  style={{ display: 'flex', flexWrap: 'wrap', gap: 16, marginTop: 4, ...secondary }}
                >
                  <span>
                    <span data-field="from-start">{formatPercent(bar.conversionFromStart)}</span> of
                    step 1
                  </span>
                  {bar.step > 2 && (
                    <span>
                      <span data-field="from-previous">
                        {formatPercent(bar.conversionFromPrevious)}
                      </span>{' '}
                      of step {bar.step - 1}
                    </span>
                  )}
                  {bar.step > 1 && (
                    <span>
                      median{' '}
                      <span data-field="median">
                        {bar.medianSecondsFromPrevious === null
                          ? '–'
                          : formatDuration(bar.medianSecondsFromPrevious)}
                      </span>{' '}
                      from step {bar.step - 1}
                    </span>
                  )}
                </div>
              </button>
            </div>
            {dropOff?.users === 0 && (
              // Nobody to list: said plainly, not offered as a button.
              <div role="listitem" style={{ padding: '2px 8px 2px 24px', ...secondary }}>
                <ArrowDownOutlined style={{ marginInlineEnd: 6 }} />
                No one dropped off before step {dropOff.step}
              </div>
            )}
            {dropOff && dropOff.users > 0 && (
              <div role="listitem">
                <button
                  type="button"
                  aria-label={`${formatCount(dropOff.users)} users dropped off before step ${String(dropOff.step)}`}
                  aria-pressed={droppedSelected}
                  style={{
                    ...button,
                    padding: '2px 8px 2px 24px',
                    color: token.colorError,
                    fontSize: 12,
                    background: droppedSelected ? token.colorErrorBg : undefined
                  }}
                  onClick={() => {
                    onDrill({ outcome: 'dropped', step: dropOff.step })
                  }}
                >
                  <ArrowDownOutlined style={{ marginInlineEnd: 6 }} />
                  <span data-field="dropped">{formatCount(dropOff.users)}</span> dropped off (
                  {formatPercent(dropOff.share)}) before step {dropOff.step}
                  <span style={{ color: token.colorTextTertiary, marginInlineStart: 8 }}>
                    list them
                  </span>
                </button>
              </div>
            )}
          </Fragment>
        )
      })}
    </div>
  )
})
