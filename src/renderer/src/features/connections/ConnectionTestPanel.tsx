import { Button, Descriptions, Space, Spin, Tag, Tooltip, Typography } from 'antd'
import { ErrorAlert } from '../../components/ErrorAlert'
import type { TestState } from './connections-store'
import { describeTestResult, explainStrategy } from './describe-test-result'

/** What a connection test found: server, latency, strategy and each probed feature. */
export function ConnectionTestPanel({
  state,
  onCancel
}: {
  state: TestState
  onCancel: () => void
}) {
  if (state.status === 'running') {
    return (
      <Space>
        <Spin size="small" />
        <Typography.Text>Testing…</Typography.Text>
        <Button size="small" onClick={onCancel}>
          Cancel
        </Button>
      </Space>
    )
  }
  if (state.status === 'cancelled') {
    return <Typography.Text type="secondary">Test cancelled.</Typography.Text>
  }
  if (state.status === 'failed') return <ErrorAlert error={state.error} />
  const { result } = state
  return (
    <Descriptions size="small" column={1} bordered aria-label="Connection test result">
      <Descriptions.Item label="Server">{describeTestResult(result)}</Descriptions.Item>
      <Descriptions.Item label="Strategy">{explainStrategy(result)}</Descriptions.Item>
      {result.capabilities.pipelineFeatures.length > 0 && (
        <Descriptions.Item label="Pipeline features">
          {result.capabilities.pipelineFeatures.map((feature) => (
            // A missing feature says why on hover: the server's own answer to the probe.
            <Tooltip
              key={feature.name}
              title={feature.reason ? `The server said: ${feature.reason}` : undefined}
            >
              <Tag
                color={feature.supported ? 'green' : 'red'}
                style={{ whiteSpace: 'normal', marginBottom: 4 }}
              >
                {feature.supported ? '✓' : '✗'} {feature.name}
              </Tag>
            </Tooltip>
          ))}
        </Descriptions.Item>
      )}
      <Descriptions.Item label="Databases">{describeDatabases(result.databases)}</Descriptions.Item>
    </Descriptions>
  )
}

function describeDatabases(databases: string[] | null): string {
  if (databases === null) return 'not listed (this user may not list databases)'
  return databases.length > 0 ? databases.join(', ') : 'none yet'
}
