import { DatabaseOutlined, SwapOutlined } from '@ant-design/icons'
import { Button, Flex, Tag, theme } from 'antd'
import { lazy, Suspense, useEffect, useState } from 'react'
import { STRATEGY_DESCRIPTIONS } from '../../components/show-query/strategy-descriptions'
import { DeferredTooltip } from '../DeferredTooltip'
import { OfflineCopyControls } from '../offline/OfflineCopyControls'
import { describeSource } from './describe-source'
import { useSourceStore } from './source-store'
import { useActiveSource } from './use-active-source'

const SourcePicker = lazy(() => import('./SourcePicker'))

/** The header's source: name, database, server kind and strategy; a click opens the picker. */
export function SourceSwitcher() {
  const source = useActiveSource()
  const connections = useSourceStore((state) => state.connections)
  const loadConnections = useSourceStore((state) => state.loadConnections)
  const workspaces = useSourceStore((state) => state.workspaces)
  const loadWorkspaces = useSourceStore((state) => state.loadWorkspaces)
  const checkServer = useSourceStore((state) => state.checkServer)
  const server = useSourceStore((state) =>
    source.kind === 'connection' ? state.servers[source.connectionId] : undefined
  )
  const { token } = theme.useToken()
  const [open, setOpen] = useState(false)
  // The picker's code loads on first use; it stays mounted afterwards so it can animate closed.
  const [opened, setOpened] = useState(false)

  useEffect(() => {
    void loadConnections()
    void loadWorkspaces()
  }, [loadConnections, loadWorkspaces])
  useEffect(() => {
    if (source.kind === 'connection') void checkServer(source.connectionId)
  }, [source, checkServer])

  const described = describeSource(source, connections, server, workspaces)
  return (
    <>
      <DeferredTooltip title="Switch the data source">
        <Button
          aria-label={`Data source: ${described.name}${described.database ? `, ${described.database}` : ''}. Switch`}
          onClick={() => {
            setOpened(true)
            setOpen(true)
          }}
          style={{ maxWidth: 640, minWidth: 0 }}
        >
          <Flex align="center" gap={8} style={{ minWidth: 0 }}>
            <DatabaseOutlined />
            {/* Plain text cut by CSS: Typography's ellipsis measures as the frame first renders. */}
            <span
              style={{
                minWidth: 0,
                fontWeight: token.fontWeightStrong,
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap'
              }}
            >
              {described.name}
              {described.database && (
                <span style={{ fontWeight: 'normal', color: token.colorTextSecondary }}>
                  {' '}
                  / {described.database}
                </span>
              )}
            </span>
            {described.server && (
              <Tag style={{ marginInlineEnd: 0 }} data-testid="source-server">
                {described.server}
              </Tag>
            )}
            {described.strategy && (
              <DeferredTooltip title={STRATEGY_DESCRIPTIONS[described.strategy]}>
                <Tag color="blue" style={{ marginInlineEnd: 0 }} data-testid="source-strategy">
                  {described.strategy}
                </Tag>
              </DeferredTooltip>
            )}
            {server?.status === 'checking' && <Tag style={{ marginInlineEnd: 0 }}>checking…</Tag>}
            {server?.status === 'failed' && (
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                unreachable
              </Tag>
            )}
            {described.missing && source.kind === 'workspace' && (
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                removed
              </Tag>
            )}
            <SwapOutlined />
          </Flex>
        </Button>
      </DeferredTooltip>
      {source.kind === 'workspace' && described.offline && !described.missing && (
        <OfflineCopyControls
          workspaceId={source.workspaceId}
          refreshedAt={described.offline.refreshedAt}
        />
      )}
      {opened && (
        <Suspense fallback={null}>
          <SourcePicker
            open={open}
            current={source}
            onClose={() => {
              setOpen(false)
            }}
          />
        </Suspense>
      )}
    </>
  )
}
