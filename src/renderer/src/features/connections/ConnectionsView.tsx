import { Button, Card, Col, List, Popconfirm, Row, Space, Tag, Typography, message } from 'antd'
import { useEffect } from 'react'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { AddConnectionForm } from './AddConnectionForm'
import { ConnectionTestPanel } from './ConnectionTestPanel'
import { useConnectionsStore } from './connections-store'

const PASSWORD_TAGS: Record<ConnectionSummary['passwordStorage'], string | null> = {
  safeStorage: 'password in system keychain',
  session: 'password for this session only',
  none: null
}

/** The demo workspace and saved MongoDB connections: add, test, remove. */
export function ConnectionsView() {
  const connections = useConnectionsStore((state) => state.connections)
  const loading = useConnectionsStore((state) => state.loading)
  const loadError = useConnectionsStore((state) => state.loadError)
  const tests = useConnectionsStore((state) => state.tests)
  const load = useConnectionsStore((state) => state.load)
  const test = useConnectionsStore((state) => state.test)
  const cancelTest = useConnectionsStore((state) => state.cancelTest)
  const remove = useConnectionsStore((state) => state.remove)
  const [toast, toastHolder] = message.useMessage()

  useEffect(() => {
    void load()
  }, [load])

  const removeConnection = async (connection: ConnectionSummary) => {
    const failure = await remove(connection.id)
    if (failure) void toast.error(failure.message)
    else void toast.success(`Removed ${connection.name}`)
  }

  return (
    <Row gutter={[24, 24]}>
      {toastHolder}
      <Col xs={24} xl={15}>
        <Card title="Connections">
          {loadError && (
            <ErrorAlert error={loadError} title="Saved connections could not be read" />
          )}
          <List
            loading={loading}
            dataSource={connections}
            rowKey="id"
            renderItem={(connection) => {
              const state = tests[connection.id]
              const passwordTag = PASSWORD_TAGS[connection.passwordStorage]
              return (
                <List.Item
                  aria-label={connection.name}
                  actions={[
                    <Button key="test" onClick={() => void test(connection.id)}>
                      Test
                    </Button>,
                    ...(connection.kind === 'demo'
                      ? []
                      : [
                          <Popconfirm
                            key="remove"
                            title={`Remove ${connection.name}?`}
                            description="Its saved password is forgotten too."
                            okText="Remove"
                            onConfirm={() => void removeConnection(connection)}
                          >
                            <Button danger>Remove</Button>
                          </Popconfirm>
                        ])
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        <Typography.Text strong>{connection.name}</Typography.Text>
                        {connection.kind === 'demo' && <Tag color="blue">built in</Tag>}
                        {passwordTag && (
                          <Tag color={connection.passwordAvailable ? 'default' : 'orange'}>
                            {connection.passwordAvailable
                              ? passwordTag
                              : 'password no longer available'}
                          </Tag>
                        )}
                      </Space>
                    }
                    description={
                      <Space orientation="vertical" style={{ width: '100%' }}>
                        <Typography.Text type="secondary" code>
                          {connection.redactedUri}
                        </Typography.Text>
                        {state && (
                          <ConnectionTestPanel
                            state={state}
                            onCancel={() => {
                              cancelTest(connection.id)
                            }}
                          />
                        )}
                      </Space>
                    }
                  />
                </List.Item>
              )
            }}
          />
        </Card>
      </Col>
      <Col xs={24} xl={9}>
        <Card title="Add a MongoDB connection">
          <AddConnectionForm />
        </Card>
      </Col>
    </Row>
  )
}
