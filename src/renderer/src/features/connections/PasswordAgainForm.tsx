import { Alert, Button, Flex, Form, Input } from 'antd'
import { useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import type { ErrorEnvelope } from '../../../../shared/errors'
import { transportKind } from '../../api/workbench-api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useConnectionsStore } from './connections-store'

/**
 * A saved connection whose password was kept for an earlier session only: say so, and take the
 * password again (sealed as when the connection was added).
 */
export function PasswordAgainForm({ connection }: { connection: ConnectionSummary }) {
  const setPassword = useConnectionsStore((state) => state.setPassword)
  const [form] = Form.useForm<{ password: string }>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ErrorEnvelope | null>(null)

  const submit = async ({ password }: { password: string }) => {
    setSaving(true)
    const failure = await setPassword(connection.id, password)
    setSaving(false)
    setError(failure)
    if (!failure) form.resetFields()
  }

  return (
    <Alert
      type="warning"
      showIcon
      title="Its password was kept for an earlier session only"
      description={
        <Flex vertical gap={8}>
          <span>
            Type it again to use this connection.{' '}
            {transportKind === 'ipc'
              ? 'It is encrypted by the system keychain.'
              : 'Web mode keeps it for this session only; it is never written.'}
          </span>
          <Form
            form={form}
            layout="inline"
            aria-label={`Password for ${connection.name}`}
            onFinish={(values) => void submit(values)}
          >
            <Form.Item
              name="password"
              rules={[{ required: true, message: 'Type the password' }]}
              style={{ flex: 1, minWidth: 200 }}
            >
              <Input.Password aria-label="Password" autoComplete="off" placeholder="Password" />
            </Form.Item>
            <Form.Item style={{ marginInlineEnd: 0 }}>
              <Button type="primary" htmlType="submit" loading={saving}>
                Save password
              </Button>
            </Form.Item>
          </Form>
          {error && <ErrorAlert error={error} title="The password was not saved" />}
        </Flex>
      }
    />
  )
}
