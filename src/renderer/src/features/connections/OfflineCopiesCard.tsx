import { Button, Card, Flex, List, Popconfirm, Space, Tag, Typography, message } from 'antd'
import { useEffect } from 'react'
import type { WorkspaceSummary } from '../../../../shared/contracts/workspaces-contract'
import { formatCount } from '../../../../shared/format'
import { describeOfflineCopy } from '../../../../shared/workspaces/offline-age'
import { ErrorAlert } from '../../components/ErrorAlert'
import { formatDateTime } from '../../components/format/format-date'
import { offlineCopyName } from '../../app/source/describe-source'
import { useSourceStore } from '../../app/source/source-store'
import { switchSource } from '../../app/source/switch-source'
import { useNow } from '../../app/source/use-now'
import { refreshKey, useOfflineJobsStore } from '../../app/offline/offline-jobs-store'
import { OfflineJobStatus } from '../../app/offline/OfflineJobStatus'

/** The offline copies: open one as the source, refresh it from its server, or remove it. */
export function OfflineCopiesCard() {
  const workspaces = useSourceStore((state) => state.workspaces)
  const workspacesError = useSourceStore((state) => state.workspacesError)
  const loadWorkspaces = useSourceStore((state) => state.loadWorkspaces)
  useEffect(() => {
    void loadWorkspaces()
  }, [loadWorkspaces])
  if (workspaces !== null && workspaces.length === 0 && !workspacesError) return null
  return (
    <Card title="Offline copies">
      {workspacesError && (
        <ErrorAlert error={workspacesError} title="The offline copies could not be listed" />
      )}
      <List
        loading={workspaces === null && !workspacesError}
        dataSource={workspaces ?? []}
        rowKey="id"
        renderItem={(workspace) => <OfflineCopyItem workspace={workspace} />}
      />
    </Card>
  )
}

function OfflineCopyItem({ workspace }: { workspace: WorkspaceSummary }) {
  const connections = useSourceStore((state) => state.connections)
  const key = refreshKey(workspace.id)
  const job = useOfflineJobsStore((state) => state.jobs[key])
  const refresh = useOfflineJobsStore((state) => state.refresh)
  const remove = useOfflineJobsStore((state) => state.remove)
  const [toast, toastHolder] = message.useMessage()
  const now = useNow()
  const ready = workspace.status === 'ready'
  const running = job?.status === 'running'
  const name = offlineCopyName(workspace, connections)
  const label = `Offline copy of ${workspace.database}`

  return (
    <List.Item aria-label={label}>
      {toastHolder}
      <Flex vertical gap={8} style={{ width: '100%', minWidth: 0 }}>
        <Flex justify="space-between" align="start" gap={16} wrap>
          <Flex vertical gap={4} style={{ minWidth: 0 }}>
            <Space wrap>
              <Typography.Text strong>
                {name} / {workspace.database}
              </Typography.Text>
              <Tag color={ready ? 'gold' : 'orange'}>
                {describeOfflineCopy(workspace.refreshedAt, now)}
              </Tag>
            </Space>
            <Typography.Text type="secondary">
              {workspace.counts
                ? `${formatCount(workspace.counts.events)} events, ${formatCount(workspace.counts.sessions)} sessions, ${formatCount(workspace.counts.users)} users · copied ${formatDateTime(workspace.createdAt)}`
                : 'The copy was interrupted: work offline again on its connection to go on.'}
            </Typography.Text>
          </Flex>
          <Space>
            <Button
              disabled={!ready}
              onClick={() => {
                switchSource({ kind: 'workspace', workspaceId: workspace.id })
              }}
            >
              Open
            </Button>
            <Button
              disabled={!ready || running || !workspace.connectionId}
              onClick={() => void refresh(workspace.id)}
            >
              Refresh
            </Button>
            <Popconfirm
              title={`Remove the offline copy of ${workspace.database}?`}
              description="Only the copy goes; the server keeps its data."
              okText="Remove"
              okButtonProps={{ danger: true }}
              onConfirm={() => {
                void remove(workspace.id).then((failure) => {
                  if (failure) void toast.error(failure.message)
                })
              }}
            >
              <Button danger disabled={running}>
                Remove
              </Button>
            </Popconfirm>
          </Space>
        </Flex>
        {job && <OfflineJobStatus jobKey={key} job={job} label={`Refresh of ${label}`} />}
      </Flex>
    </List.Item>
  )
}
