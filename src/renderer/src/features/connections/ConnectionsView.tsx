import {
  Button,
  Card,
  Col,
  Flex,
  List,
  Popconfirm,
  Row,
  Space,
  Tag,
  Typography,
  message
} from 'antd'
import { useEffect, useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import { ErrorAlert } from '../../components/ErrorAlert'
import { ConnectionDataPanel, type ConnectionDataPanelKind } from '../mapping/ConnectionDataPanel'
import { AddConnectionForm } from './AddConnectionForm'
import { PasswordAgainForm } from './PasswordAgainForm'
import { QuerySettingsPanel } from './QuerySettingsPanel'
import { StorageNoticeAlert } from './StorageNoticeAlert'
import { describeQuerySettings } from './query-settings-values'
import { ConnectionTestPanel } from './ConnectionTestPanel'
import { useConnectionsStore } from './connections-store'
import { OfflineCopiesCard } from './OfflineCopiesCard'
import { WorkOfflinePanel } from './WorkOfflinePanel'

const PASSWORD_TAGS: Record<ConnectionSummary['passwordStorage'], string | null> = {
  safeStorage: 'password in system keychain',
  session: 'password for this session only',
  none: null
}

/** The demo workspace and saved MongoDB connections (add, test, remove, work offline); offline copies. */
export function ConnectionsView() {
  const connections = useConnectionsStore((state) => state.connections)
  const loading = useConnectionsStore((state) => state.loading)
  const loadError = useConnectionsStore((state) => state.loadError)
  const storageNotice = useConnectionsStore((state) => state.storageNotice)
  const load = useConnectionsStore((state) => state.load)

  useEffect(() => {
    void load()
  }, [load])

  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} xl={15}>
        <Flex vertical gap={24}>
          <Card title="Connections">
            {loadError && (
              <ErrorAlert error={loadError} title="Saved connections could not be read" />
            )}
            {storageNotice && <StorageNoticeAlert notice={storageNotice} />}
            <List
              loading={loading}
              dataSource={connections}
              rowKey="id"
              renderItem={(connection) => <ConnectionItem connection={connection} />}
            />
          </Card>
          <OfflineCopiesCard />
        </Flex>
      </Col>
      <Col xs={24} xl={9}>
        <Card title="Add a MongoDB connection">
          <AddConnectionForm />
        </Card>
      </Col>
    </Row>
  )
}

/** One connection: name, redacted URI, buttons, and the last test's result below, full width. */
function ConnectionItem({ connection }: { connection: ConnectionSummary }) {
  const state = useConnectionsStore((s) => s.tests[connection.id])
  const test = useConnectionsStore((s) => s.test)
  const cancelTest = useConnectionsStore((s) => s.cancelTest)
  const remove = useConnectionsStore((s) => s.remove)
  const [toast, toastHolder] = message.useMessage()
  const [editingSettings, setEditingSettings] = useState(false)
  const [dataPanel, setDataPanel] = useState<ConnectionDataPanelKind | null>(null)
  const [workingOffline, setWorkingOffline] = useState(false)
  const offlineAvailable = connection.kind !== 'demo' && connection.passwordAvailable
  const passwordTag = PASSWORD_TAGS[connection.passwordStorage]
  const settingsLine = describeQuerySettings(connection.querySettings)

  const removeConnection = async () => {
    const failure = await remove(connection.id)
    if (failure) void toast.error(failure.message)
  }

  return (
    <List.Item aria-label={connection.name}>
      {toastHolder}
      <Flex vertical gap={12} style={{ width: '100%', minWidth: 0 }}>
        <Flex justify="space-between" align="start" gap={16} wrap>
          <Flex vertical gap={4} style={{ minWidth: 0, flex: '1 1 220px' }}>
            <Space wrap>
              <Typography.Text strong>{connection.name}</Typography.Text>
              {connection.kind === 'demo' && <Tag color="blue">built in</Tag>}
              {passwordTag && (
                <Tag color={connection.passwordAvailable ? 'default' : 'orange'}>
                  {connection.passwordAvailable ? passwordTag : 'password no longer available'}
                </Tag>
              )}
            </Space>
            <Typography.Text type="secondary" code ellipsis>
              {connection.redactedUri}
            </Typography.Text>
            {settingsLine && <Typography.Text type="secondary">{settingsLine}</Typography.Text>}
            {connection.fieldMapping && (
              <Typography.Text type="secondary">
                Reads events from {connection.fieldMapping.events.collection} through a saved field
                mapping
              </Typography.Text>
            )}
          </Flex>
          <Space wrap>
            <Button onClick={() => void test(connection.id)}>Test</Button>
            {offlineAvailable && (
              <Button
                aria-expanded={workingOffline}
                onClick={() => {
                  setWorkingOffline(!workingOffline)
                }}
              >
                Work offline
              </Button>
            )}
            {connection.kind !== 'demo' && (
              <Button
                aria-expanded={editingSettings}
                onClick={() => {
                  setEditingSettings(!editingSettings)
                }}
              >
                Settings
              </Button>
            )}
            {connection.kind !== 'demo' &&
              (['mapping', 'quality'] as const).map((kind) => (
                <Button
                  key={kind}
                  aria-expanded={dataPanel === kind}
                  onClick={() => {
                    setDataPanel(dataPanel === kind ? null : kind)
                  }}
                >
                  {kind === 'mapping' ? 'Data mapping' : 'Data quality'}
                </Button>
              ))}
            {connection.kind !== 'demo' && (
              <Popconfirm
                title={`Remove ${connection.name}?`}
                description="Its saved password is forgotten too."
                okText="Remove"
                okButtonProps={{ danger: true }}
                onConfirm={() => void removeConnection()}
              >
                <Button danger>Remove</Button>
              </Popconfirm>
            )}
          </Space>
        </Flex>
        {editingSettings && (
          <QuerySettingsPanel
            connection={connection}
            onClose={() => {
              setEditingSettings(false)
            }}
          />
        )}
        {dataPanel && (
          <ConnectionDataPanel
            key={dataPanel}
            connection={connection}
            kind={dataPanel}
            onClose={() => {
              setDataPanel(null)
            }}
          />
        )}
        {workingOffline && offlineAvailable && <WorkOfflinePanel connection={connection} />}
        {!connection.passwordAvailable && <PasswordAgainForm connection={connection} />}
        {state && (
          <ConnectionTestPanel
            state={state}
            onCancel={() => {
              cancelTest(connection.id)
            }}
          />
        )}
      </Flex>
    </List.Item>
  )
}
