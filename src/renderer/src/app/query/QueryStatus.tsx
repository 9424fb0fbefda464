import { Alert, Button, Flex, Spin, Typography, theme } from 'antd'
import { emptyAnswerCauseOf, type EmptyAnswerCause } from '../../../../shared/journeys/empty-answer'
import type { Progress } from '../../../../shared/rpc/contract'
import { EmptyState } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { errorTitle, isConnectionLost } from '../../components/describe-error'
import { setParams } from '../routes/navigation'
import type { JourneyQuery } from './use-journey-query'

/**
 * What a query is doing, above its result: progress and Cancel once it runs past 300 ms, "cancelled"
 * at once when cancelled, errors in words with details on demand (Reconnect when the server is gone).
 * The last good result stays on screen below it. An answer empty because of the question (no such
 * collection, a browser no session has, a page without its `/`) is an empty state that says why.
 */
export function QueryStatus({ query, what }: { query: JourneyQuery<unknown>; what: string }) {
  if (query.status === 'running' && query.slow) {
    return (
      <Alert
        type="info"
        role="status"
        aria-label={`Loading ${what}`}
        title={
          <Flex align="center" gap={12} wrap>
            <Spin size="small" />
            <Typography.Text>Loading {what}…</Typography.Text>
            <ProgressText progress={query.progress} />
          </Flex>
        }
        action={
          <Button size="small" onClick={query.cancel}>
            Cancel
          </Button>
        }
      />
    )
  }
  if (query.status === 'cancelled') {
    return (
      <Alert
        type="warning"
        role="status"
        title={`Cancelled: the ${what} query was stopped.`}
        description={
          query.result !== null ? 'The previous result is still shown below.' : undefined
        }
        action={
          <Button size="small" onClick={query.rerun}>
            Run again
          </Button>
        }
      />
    )
  }
  const emptyCause = emptyAnswerCauseOf(query.error)
  if (query.status === 'failed' && query.error && emptyCause) {
    return (
      <EmptyState
        title={EMPTY_TITLES[emptyCause]}
        hint={query.error.message}
        action={
          emptyCause === 'unknown-device-value' && (
            <Button
              type="primary"
              onClick={() => {
                setParams({ browser: [], os: [] })
              }}
            >
              Clear the browser and OS filters
            </Button>
          )
        }
      />
    )
  }
  if (query.status === 'failed' && query.error) {
    const lost = isConnectionLost(query.error)
    return (
      <ErrorAlert
        error={query.error}
        title={
          lost ? 'Connection lost' : `${errorTitle(query.error)}: the ${what} could not be loaded`
        }
        action={
          <Button size="small" type={lost ? 'primary' : 'default'} onClick={query.rerun}>
            {lost ? 'Reconnect' : 'Retry'}
          </Button>
        }
      />
    )
  }
  return null
}

const EMPTY_TITLES: Record<EmptyAnswerCause, string> = {
  'missing-collection': 'Nothing to count in this database',
  'unknown-device-value': 'No session has this browser or OS',
  'page-without-slash': 'No page has this address'
}

function ProgressText({ progress }: { progress: Progress | null }) {
  const { token } = theme.useToken()
  if (!progress) return null
  const count = progress.done.toLocaleString()
  if (progress.total !== undefined && progress.total > 0) {
    const percent = Math.min(100, Math.round((progress.done / progress.total) * 100))
    // A plain bar that cannot disagree with its figure (antd's was seen far behind its own text).
    return (
      <Flex align="center" gap={8} style={{ minWidth: 200 }}>
        <Typography.Text type="secondary">{progress.phase}</Typography.Text>
        <div
          role="progressbar"
          aria-label={`${progress.phase} progress`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          style={{
            width: 120,
            height: 6,
            borderRadius: 3,
            background: token.colorFillSecondary,
            overflow: 'hidden'
          }}
        >
          <div style={{ width: `${percent}%`, height: '100%', background: token.colorPrimary }} />
        </div>
        <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {percent} %
        </Typography.Text>
      </Flex>
    )
  }
  return (
    <Typography.Text type="secondary">
      {progress.phase}: {count}
      {progress.message ? ` ${progress.message}` : ''}
    </Typography.Text>
  )
}
