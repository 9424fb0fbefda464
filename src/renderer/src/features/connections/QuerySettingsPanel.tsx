import { Alert, Button, Flex, Form, Input, InputNumber, Select, Typography } from 'antd'
import { useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import type { ErrorEnvelope } from '../../../../shared/errors'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useConnectionsStore } from './connections-store'
import {
  READ_MODE_CHOICES,
  settingsFromValues,
  valuesFromSettings,
  type QuerySettingsValues
} from './query-settings-values'

const MODE_LABELS: Record<string, string> = {
  'from-uri': 'As the connection string says',
  primary: 'primary',
  primaryPreferred: 'primaryPreferred',
  secondary: 'secondary',
  secondaryPreferred: 'secondaryPreferred',
  nearest: 'nearest'
}

/**
 * A saved connection's query settings: the time limits its queries carry (`maxTimeMS`) and where
 * they read, so heavy analyses can run on a secondary or an analytics node, away from the primary.
 */
export function QuerySettingsPanel({
  connection,
  onClose
}: {
  connection: ConnectionSummary
  onClose: () => void
}) {
  const setQuerySettings = useConnectionsStore((state) => state.setQuerySettings)
  const [form] = Form.useForm<QuerySettingsValues>()
  const [saving, setSaving] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [error, setError] = useState<ErrorEnvelope | null>(null)

  const submit = async (values: QuerySettingsValues) => {
    const parsed = settingsFromValues(values)
    if ('problem' in parsed) {
      setProblem(parsed.problem)
      return
    }
    setProblem(null)
    setSaving(true)
    const failure = await setQuerySettings(connection.id, parsed.settings)
    setSaving(false)
    setError(failure)
    if (!failure) onClose()
  }

  return (
    <Form
      form={form}
      layout="vertical"
      aria-label={`Query settings of ${connection.name}`}
      initialValues={valuesFromSettings(connection.querySettings)}
      onFinish={(values) => void submit(values)}
      style={{ maxWidth: 560 }}
    >
      <Flex gap={16} wrap>
        <Form.Item
          name="lookupSeconds"
          label="Time limit of search and case files"
          rules={[{ required: true, message: 'Give a time limit' }]}
        >
          <InputNumber min={0.1} max={3600} step={1} suffix="s" aria-label="Lookup time limit" />
        </Form.Item>
        <Form.Item
          name="analysisSeconds"
          label="Time limit of funnels, flows, overview and exports"
          rules={[{ required: true, message: 'Give a time limit' }]}
        >
          <InputNumber min={1} max={86400} step={10} suffix="s" aria-label="Analysis time limit" />
        </Form.Item>
      </Flex>
      <Form.Item
        name="readMode"
        label="Read from"
        extra="For a replica set or Atlas: secondary or nearest keeps heavy queries off the primary."
      >
        <Select
          aria-label="Read preference"
          options={READ_MODE_CHOICES.map((mode) => ({ value: mode, label: MODE_LABELS[mode] }))}
        />
      </Form.Item>
      <Form.Item
        name="tags"
        label="Tag sets"
        extra={
          <>
            Tried in order, separated by <Typography.Text code>;</Typography.Text>, e.g.{' '}
            <Typography.Text code>nodeType:ANALYTICS</Typography.Text> for an Atlas analytics node.
          </>
        }
      >
        <Input aria-label="Tag sets" placeholder="nodeType:ANALYTICS" autoComplete="off" />
      </Form.Item>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      {error && <ErrorAlert error={error} title="The settings were not saved" />}
      <Flex gap={8}>
        <Button type="primary" htmlType="submit" loading={saving}>
          Save settings
        </Button>
        <Button onClick={onClose}>Close</Button>
      </Flex>
    </Form>
  )
}
