import { AutoComplete, Button, Flex, List, Modal, Radio, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { ErrorAlert } from '../../components/ErrorAlert'
import { navigate } from '../routes/navigation'
import { describeOfflineCopy } from '../../../../shared/workspaces/offline-age'
import { DEMO_SOURCE, parseSourceParam, sourceParam, type ActiveSource } from './active-source'
import { offlineCopyName, serverName } from './describe-source'
import { useSourceStore } from './source-store'
import { switchSource } from './switch-source'
import { useDatabaseChoice } from './use-database-choice'

const DEMO_KEY = 'demo'

/** The radio value of a source: `demo`, a connection's id, or an offline copy's `offline:<id>`. */
function choiceOf(source: ActiveSource): string {
  return source.kind === 'connection' ? source.connectionId : sourceParam(source)
}

/**
 * Choose the demo workspace, a saved connection (and its database) or an offline copy of one.
 */
export default function SourcePicker({
  open,
  current,
  onClose
}: {
  open: boolean
  current: ActiveSource
  onClose: () => void
}) {
  const connections = useSourceStore((state) => state.connections)
  const connectionsError = useSourceStore((state) => state.connectionsError)
  const servers = useSourceStore((state) => state.servers)
  const loadConnections = useSourceStore((state) => state.loadConnections)
  const workspaces = useSourceStore((state) => state.workspaces)
  const loadWorkspaces = useSourceStore((state) => state.loadWorkspaces)
  const checkServer = useSourceStore((state) => state.checkServer)
  const [chosen, setChosen] = useState(choiceOf(current))

  const connection = connections?.find((c) => c.id === chosen)
  const server = connection ? servers[connection.id] : undefined
  const databases = server?.status === 'ok' ? server.result.databases : null
  const database = useDatabaseChoice(
    connection,
    databases,
    current.kind === 'connection' ? current.database : ''
  )
  const setDatabase = database.setTyped

  useEffect(() => {
    if (!open) return
    void loadConnections()
    void loadWorkspaces()
    setChosen(choiceOf(current))
    setDatabase(current.kind === 'connection' ? current.database : '')
  }, [open, current, loadConnections, loadWorkspaces, setDatabase])

  useEffect(() => {
    if (open && connection?.passwordAvailable) void checkServer(connection.id)
  }, [open, connection, checkServer])

  const offline = parseSourceParam(chosen)
  const next: ActiveSource | null =
    chosen === DEMO_KEY
      ? DEMO_SOURCE
      : offline?.kind === 'workspace'
        ? offline
        : connection && database.chosen !== '' && connection.passwordAvailable
          ? { kind: 'connection', connectionId: connection.id, database: database.chosen }
          : null

  const open_ = () => {
    if (!next) return
    if (sourceParam(next) !== sourceParam(current)) switchSource(next)
    onClose()
  }

  return (
    <Modal
      title="Choose the data source"
      open={open}
      onCancel={onClose}
      onOk={open_}
      okText="Open"
      okButtonProps={{ disabled: next === null }}
      width={640}
    >
      <Flex vertical gap={16}>
        {connectionsError && (
          <ErrorAlert error={connectionsError} title="Saved connections could not be read" />
        )}
        <Radio.Group
          value={chosen}
          onChange={(event) => {
            setChosen(event.target.value as string)
            setDatabase('')
          }}
          style={{ width: '100%' }}
        >
          <List
            size="small"
            bordered
            loading={connections === null && !connectionsError}
            dataSource={[
              {
                id: DEMO_KEY,
                name: 'Demo workspace',
                detail: 'bundled demo data, local engine',
                usable: true
              },
              ...(connections ?? [])
                .filter((c) => c.kind !== 'demo')
                .map((c) => ({
                  id: c.id,
                  name: c.name,
                  detail: c.redactedUri,
                  usable: c.passwordAvailable
                })),
              ...(workspaces ?? [])
                .filter((w) => w.status === 'ready')
                .map((w) => ({
                  id: sourceParam({ kind: 'workspace', workspaceId: w.id }),
                  name: `${offlineCopyName(w, connections)} / ${w.database}`,
                  detail: `${describeOfflineCopy(w.refreshedAt, new Date())} · local engine`,
                  usable: true
                }))
            ]}
            renderItem={(item) => (
              <List.Item>
                <Radio value={item.id} disabled={!item.usable} style={{ width: '100%' }}>
                  <Flex vertical style={{ minWidth: 0 }}>
                    <Typography.Text strong>{item.name}</Typography.Text>
                    <Typography.Text type="secondary" ellipsis style={{ maxWidth: 520 }}>
                      {item.detail}
                    </Typography.Text>
                    {!item.usable && (
                      <Typography.Text type="warning">
                        Its password was not kept: type it again on the Connections screen.
                      </Typography.Text>
                    )}
                  </Flex>
                </Radio>
              </List.Item>
            )}
          />
        </Radio.Group>
        {connection && (
          <Flex vertical gap={8}>
            <Typography.Text strong>Database</Typography.Text>
            <AutoComplete
              aria-label="Database"
              value={database.typed}
              onChange={setDatabase}
              options={(databases ?? []).map((name) => ({ value: name }))}
              placeholder={database.suggestion ?? 'shop'}
              showSearch={{
                filterOption: (input, option) => (option?.value ?? '').startsWith(input)
              }}
            />
            {database.typed.trim() === '' && database.suggestion && (
              <Typography.Text type="secondary">
                Left empty, it opens “{database.suggestion}”.
              </Typography.Text>
            )}
            {server?.status === 'checking' && (
              <Typography.Text type="secondary">Reaching the server…</Typography.Text>
            )}
            {server?.status === 'ok' && (
              <Typography.Text type="secondary">
                {serverName(server.result.capabilities)} ·{' '}
                <Tag color="blue">{server.result.capabilities.strategy}</Tag>
              </Typography.Text>
            )}
            {server?.status === 'failed' && (
              <ErrorAlert
                error={server.error}
                title="The server could not be reached"
                action={
                  <Button size="small" onClick={() => void checkServer(connection.id, true)}>
                    Retry
                  </Button>
                }
              />
            )}
          </Flex>
        )}
        <Typography.Text type="secondary">
          New connections are added on the{' '}
          <Typography.Link
            onClick={() => {
              onClose()
              navigate('connections')
            }}
          >
            Connections
          </Typography.Link>{' '}
          screen.
        </Typography.Text>
      </Flex>
    </Modal>
  )
}
