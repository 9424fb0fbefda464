import { AutoComplete, Button, Flex, Typography } from 'antd'
import { useEffect } from 'react'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import { useDatabaseChoice } from '../../app/source/use-database-choice'
import { useSourceStore } from '../../app/source/source-store'
import { switchSource } from '../../app/source/switch-source'
import { extractKey, useOfflineJobsStore } from '../../app/offline/offline-jobs-store'
import { OfflineJobStatus } from '../../app/offline/OfflineJobStatus'

/**
 * "Work offline" on a connection: copies one of its databases into an offline copy (progress,
 * Cancel, errors), which then opens as a source of its own.
 */
export function WorkOfflinePanel({ connection }: { connection: ConnectionSummary }) {
  const server = useSourceStore((state) => state.servers[connection.id])
  const checkServer = useSourceStore((state) => state.checkServer)
  const key = extractKey(connection.id)
  const job = useOfflineJobsStore((state) => state.jobs[key])
  const extract = useOfflineJobsStore((state) => state.extract)
  const databases = server?.status === 'ok' ? server.result.databases : null
  const database = useDatabaseChoice(connection, databases)

  useEffect(() => {
    void checkServer(connection.id)
  }, [connection.id, checkServer])

  const running = job?.status === 'running'
  const chosen = database.chosen
  return (
    <Flex vertical gap={8} aria-label={`Work offline with ${connection.name}`} role="group">
      <Typography.Text type="secondary">
        Copies the database&apos;s users, sessions and events into this app&apos;s data folder, so
        every screen answers from the copy even when the server is out of reach.
      </Typography.Text>
      <Flex gap={8} align="center" wrap>
        <AutoComplete
          aria-label="Database to copy"
          value={database.typed}
          onChange={database.setTyped}
          disabled={running}
          options={(databases ?? []).map((name) => ({ value: name }))}
          placeholder={database.suggestion ?? 'shop'}
          style={{ width: 240 }}
        />
        <Button
          type="primary"
          disabled={chosen === '' || running}
          onClick={() => void extract(connection.id, chosen)}
        >
          Copy for offline use
        </Button>
      </Flex>
      {job && (
        <OfflineJobStatus
          jobKey={key}
          job={job}
          label={`Offline copy of ${chosen || 'the database'}`}
          doneAction={
            job.status === 'done' && (
              <Button
                size="small"
                onClick={() => {
                  switchSource({ kind: 'workspace', workspaceId: job.workspaceId })
                }}
              >
                Open offline copy
              </Button>
            )
          }
        />
      )}
    </Flex>
  )
}
