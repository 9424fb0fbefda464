import { Button, Flex, Input } from 'antd'
import { useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import { DataMappingPanel } from './DataMappingPanel'
import { DataQualityPanel } from './DataQualityPanel'

export type ConnectionDataPanelKind = 'mapping' | 'quality'

/**
 * The Data mapping or Data quality panel of a connection, for one of its databases (its default
 * one when the connection string names it; else typed here first).
 */
export function ConnectionDataPanel({
  connection,
  kind,
  onClose
}: {
  connection: ConnectionSummary
  kind: ConnectionDataPanelKind
  onClose: () => void
}) {
  const [typed, setTyped] = useState(connection.defaultDatabase ?? '')
  const [database, setDatabase] = useState(connection.defaultDatabase ?? '')
  const what = kind === 'mapping' ? 'Data mapping' : 'Data quality'
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Input
          aria-label={`Database of the ${what.toLowerCase()}`}
          placeholder="database"
          value={typed}
          style={{ maxWidth: 260 }}
          onChange={(event) => {
            setTyped(event.target.value)
          }}
          onPressEnter={() => {
            setDatabase(typed.trim())
          }}
        />
        <Button
          disabled={typed.trim() === '' || typed.trim() === database}
          onClick={() => {
            setDatabase(typed.trim())
          }}
        >
          Open {what.toLowerCase()}
        </Button>
      </Flex>
      {database !== '' &&
        (kind === 'mapping' ? (
          <DataMappingPanel
            key={database}
            connection={connection}
            database={database}
            onClose={onClose}
          />
        ) : (
          <DataQualityPanel
            key={database}
            connection={connection}
            database={database}
            onClose={onClose}
          />
        ))}
    </Flex>
  )
}
