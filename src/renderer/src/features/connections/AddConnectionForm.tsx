import { Button, Form, Input } from 'antd'
import { useState } from 'react'
import type { ErrorEnvelope } from '../../../../shared/errors'
import { transportKind } from '../../api/workbench-api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useConnectionsStore } from './connections-store'

interface FormValues {
  name: string
  uri: string
}

/** Name + connection string; the error of a refused URI shows right under the form. */
export function AddConnectionForm() {
  const add = useConnectionsStore((state) => state.add)
  const [form] = Form.useForm<FormValues>()
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<ErrorEnvelope | null>(null)

  const submit = async (values: FormValues) => {
    setSaving(true)
    const failure = await add(values.name, values.uri)
    setSaving(false)
    setError(failure)
    if (!failure) form.resetFields()
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(values) => void submit(values)}
      aria-label="Add connection"
    >
      <Form.Item label="Name" name="name" rules={[{ required: true, message: 'Give it a name' }]}>
        <Input placeholder="Production analytics node" maxLength={100} />
      </Form.Item>
      <Form.Item
        label="Connection string"
        name="uri"
        rules={[{ required: true, message: 'Paste a mongodb:// or mongodb+srv:// URI' }]}
        extra={
          transportKind === 'ipc'
            ? 'A password in the string is encrypted by the system keychain, never saved in clear.'
            : 'Web mode keeps a password in the string for this session only; it is never written.'
        }
      >
        <Input.Password
          placeholder="mongodb+srv://analyst:…@cluster0.example.mongodb.net/shop"
          visibilityToggle
          autoComplete="off"
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          Add connection
        </Button>
      </Form.Item>
      {error && <ErrorAlert error={error} title="The connection was not added" />}
    </Form>
  )
}
