import { Alert, Button, Flex, Progress as ProgressBar, Spin, Typography } from 'antd'
import type { Progress } from '../../../../shared/rpc/contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { errorTitle, isConnectionLost } from '../../components/describe-error'
import type { JourneyQuery } from './use-journey-query'

/**
 * What a query is doing, above its result: progress and Cancel once it runs past 300 ms, "cancelled"
 * at once when cancelled, errors in words with details on demand (Reconnect when the server is gone).
 * The last good result stays on screen below it.
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

function ProgressText({ progress }: { progress: Progress | null }) {
  if (!progress) return null
  const count = progress.done.toLocaleString()
  if (progress.total !== undefined && progress.total > 0) {
    const percent = Math.min(100, Math.round((progress.done / progress.total) * 100))
    return (
      <Flex align="center" gap={8} style={{ minWidth: 200 }}>
        <Typography.Text type="secondary">{progress.phase}</Typography.Text>
        <ProgressBar percent={percent} size="small" style={{ width: 120, margin: 0 }} />
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
