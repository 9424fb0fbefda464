import { Button, Flex, Progress as ProgressBar, Typography } from 'antd'
import type { ReactNode } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { describeJobProgress, jobPercent } from './describe-offline-job'
import { useOfflineJobsStore, type OfflineJob } from './offline-jobs-store'

/** A copy or refresh under way (progress and Cancel), or how it ended. */
export function OfflineJobStatus({
  jobKey,
  job,
  label,
  doneAction
}: {
  jobKey: string
  job: OfflineJob
  /** Names the job for screen readers: "Offline copy of shop". */
  label: string
  /** Beside the success message (Open the copy). */
  doneAction?: ReactNode
}) {
  const cancel = useOfflineJobsStore((state) => state.cancel)
  const dismiss = useOfflineJobsStore((state) => state.dismiss)
  if (job.status === 'running') {
    const percent = jobPercent(job.progress)
    return (
      <Flex vertical gap={4} role="status" aria-label={label}>
        <Flex justify="space-between" align="center" gap={12}>
          <Typography.Text>{describeJobProgress(job.progress)}</Typography.Text>
          <Button
            size="small"
            onClick={() => {
              cancel(jobKey)
            }}
          >
            Cancel
          </Button>
        </Flex>
        <ProgressBar
          percent={percent ?? 100}
          status="active"
          showInfo={percent !== null}
          size="small"
          aria-label={`${label}: progress`}
        />
      </Flex>
    )
  }
  if (job.status === 'failed') {
    return (
      <ErrorAlert
        error={job.error}
        action={
          <Button
            size="small"
            onClick={() => {
              dismiss(jobKey)
            }}
          >
            Dismiss
          </Button>
        }
      />
    )
  }
  return (
    <Flex align="center" gap={12} role="status" aria-label={label}>
      <Typography.Text type={job.status === 'done' ? 'success' : 'secondary'}>
        {job.message}
      </Typography.Text>
      {job.status === 'done' && doneAction}
    </Flex>
  )
}
