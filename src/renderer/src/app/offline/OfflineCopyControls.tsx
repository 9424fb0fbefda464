import { ReloadOutlined } from '@ant-design/icons'
import { Button, Tag, Tooltip, message } from 'antd'
import { useEffect, useRef } from 'react'
import { describeOfflineCopy } from '../../../../shared/workspaces/offline-age'
import { useNow } from '../source/use-now'
import { describeJobProgress } from './describe-offline-job'
import { refreshKey, useOfflineJobsStore } from './offline-jobs-store'

/**
 * The header's part for an offline copy: its age ("offline copy, refreshed 5 min ago") and
 * Refresh, which reads what the server added since (Cancel while it runs; the outcome as a toast).
 */
export function OfflineCopyControls({
  workspaceId,
  refreshedAt
}: {
  workspaceId: string
  refreshedAt: Date | null
}) {
  const key = refreshKey(workspaceId)
  const job = useOfflineJobsStore((state) => state.jobs[key])
  const refresh = useOfflineJobsStore((state) => state.refresh)
  const cancel = useOfflineJobsStore((state) => state.cancel)
  const now = useNow()
  const [toast, toastHolder] = message.useMessage()
  const shown = useRef<unknown>(null)

  // Say once how a refresh ended (started here or on the Connections screen).
  useEffect(() => {
    if (!job || job.status === 'running' || shown.current === job) return
    shown.current = job
    if (job.status === 'done') void toast.success(job.message)
    else if (job.status === 'failed') void toast.error(`Refresh failed: ${job.error.message}`, 8)
    else void toast.info(job.message)
  }, [job, toast])

  const running = job?.status === 'running'
  return (
    <>
      {toastHolder}
      <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="source-offline">
        {describeOfflineCopy(refreshedAt, now)}
      </Tag>
      <Tooltip
        title={running ? describeJobProgress(job.progress) : 'Read what the server added since'}
      >
        <Button
          size="small"
          aria-label={running ? 'Cancel the refresh' : 'Refresh the offline copy'}
          icon={<ReloadOutlined spin={running} />}
          onClick={() => {
            if (running) cancel(key)
            else void refresh(workspaceId)
          }}
        >
          {running ? 'Cancel refresh' : 'Refresh'}
        </Button>
      </Tooltip>
    </>
  )
}
