import {
  Alert,
  AutoComplete,
  Button,
  Checkbox,
  Descriptions,
  Flex,
  InputNumber,
  Table,
  Typography
} from 'antd'
import { useEffect, useMemo, useState } from 'react'
import type { MappedEventPreview } from '../../../../shared/contracts/mapping-contract'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import type { ErrorEnvelope } from '../../../../shared/errors'
import type { DataSource } from '../../../../shared/journeys/data-source'
import { ErrorAlert } from '../../components/ErrorAlert'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useConnectionsStore } from '../connections/connections-store'
import {
  draftFromMapping,
  draftFromProposal,
  mappingFromDraft,
  ROLE_LABELS,
  ROLES_OF,
  roleOptions,
  type MappedCollection,
  type MappingDraft
} from './mapping-draft'
import { useMappingQuery } from './use-mapping-query'

/** What an empty collection means. */
const NO_COLLECTION: Record<MappedCollection, string> = {
  events: 'required',
  sessions: 'none: derived from the events',
  users: 'none: the events’ user ids'
}

const COLLECTION_LABELS: Record<MappedCollection, string> = {
  events: 'Events collection',
  sessions: 'Sessions collection',
  users: 'Users collection'
}

/**
 * A connection's field mapping: proposed by sampling its database, editable field by field, with
 * ten events read through the draft as every query will read them; saved with the connection.
 */
export function DataMappingPanel({
  connection,
  database,
  onClose
}: {
  connection: ConnectionSummary
  database: string
  onClose: () => void
}) {
  const source: DataSource = useMemo(
    () => ({ kind: 'connection', connectionId: connection.id, database }),
    [connection.id, database]
  )
  const proposal = useMappingQuery('propose', { source })
  const [draft, setDraft] = useState<MappingDraft | null>(null)
  useEffect(() => {
    if (draft !== null || !proposal.result) return
    setDraft(
      connection.fieldMapping
        ? draftFromMapping(connection.fieldMapping)
        : draftFromProposal(proposal.result)
    )
  }, [draft, proposal.result, connection.fieldMapping])
  const read = draft === null ? null : mappingFromDraft(draft)
  const mapping = read && 'mapping' in read ? read.mapping : null
  const preview = useMappingQuery('preview', mapping ? { source, mapping } : null)
  const setFieldMapping = useConnectionsStore((state) => state.setFieldMapping)
  const [saving, setSaving] = useState(false)
  const [saveError, setSaveError] = useState<ErrorEnvelope | null>(null)

  const save = async (value: typeof mapping) => {
    setSaving(true)
    const failure = await setFieldMapping(connection.id, value)
    setSaving(false)
    setSaveError(failure)
    if (!failure) onClose()
  }
  const edit = (change: (current: MappingDraft) => MappingDraft) => {
    setDraft((current) => (current ? change(current) : current))
  }
  const collectionNames = (proposal.result?.collections ?? []).map((c) => c.name)

  return (
    <Flex vertical gap={12} role="region" aria-label={`Data mapping of ${connection.name}`}>
      <Typography.Text type="secondary">
        How the collections of <Typography.Text code>{database}</Typography.Text> read as events,
        sessions and users. Proposed from a sample; change any field, then save: every query on this
        connection reads through it.
      </Typography.Text>
      <QueryStatus query={proposal} what="the sample" />
      {proposal.result && proposal.result.undecided.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title="The sample could not decide everything"
          description={proposal.result.undecided.join(' ')}
        />
      )}
      {draft && (
        <>
          <Flex gap={16} wrap>
            {(['events', 'sessions', 'users'] as const).map((collection) => (
              <Flex vertical gap={4} key={collection} style={{ minWidth: 200 }}>
                <Typography.Text strong>{COLLECTION_LABELS[collection]}</Typography.Text>
                <AutoComplete
                  aria-label={COLLECTION_LABELS[collection]}
                  value={draft.collections[collection]}
                  placeholder={NO_COLLECTION[collection]}
                  options={collectionNames.map((name) => ({ value: name, label: name }))}
                  onChange={(value: string) => {
                    edit((d) => ({ ...d, collections: { ...d.collections, [collection]: value } }))
                  }}
                />
              </Flex>
            ))}
          </Flex>
          {(['events', 'sessions', 'users'] as const)
            .filter((collection) => draft.collections[collection] !== '')
            .map((collection) => (
              <Descriptions
                key={collection}
                title={`Fields of ${draft.collections[collection]}`}
                size="small"
                bordered
                column={1}
                items={ROLES_OF[collection].map((role) => ({
                  key: role,
                  label: ROLE_LABELS[role] ?? role,
                  children: (
                    <AutoComplete
                      aria-label={`${ROLE_LABELS[role] ?? role} of ${collection}`}
                      style={{ width: '100%', minWidth: 180 }}
                      value={draft.roles[collection][role] ?? ''}
                      options={roleOptions(proposal.result, collection, role)}
                      placeholder={role === 'id' ? '_id' : 'not mapped'}
                      onChange={(value: string) => {
                        edit((d) => ({
                          ...d,
                          roles: {
                            ...d.roles,
                            [collection]: { ...d.roles[collection], [role]: value }
                          }
                        }))
                      }}
                    />
                  )
                }))}
              />
            ))}
          <Flex gap={16} wrap align="end">
            <Flex vertical gap={4}>
              <Typography.Text strong>Page view event</Typography.Text>
              <AutoComplete
                aria-label="Page view event name"
                style={{ minWidth: 200 }}
                value={draft.pageView}
                options={(proposal.result?.eventNames.pageView.candidates ?? []).map((c) => ({
                  value: c.name,
                  label: `${c.name} · ${String(c.events)}`
                }))}
                onChange={(value: string) => {
                  edit((d) => ({ ...d, pageView: value }))
                }}
              />
            </Flex>
            <Flex vertical gap={4}>
              <Typography.Text strong>Purchase event</Typography.Text>
              <AutoComplete
                aria-label="Purchase event name"
                style={{ minWidth: 200 }}
                value={draft.purchase}
                options={(proposal.result?.eventNames.purchase.candidates ?? []).map((c) => ({
                  value: c.name,
                  label: `${c.name} · ${String(c.events)}`
                }))}
                onChange={(value: string) => {
                  edit((d) => ({ ...d, purchase: value }))
                }}
              />
            </Flex>
            <Flex vertical gap={4}>
              <Typography.Text strong>Idle minutes that end a session</Typography.Text>
              <InputNumber
                aria-label="Idle minutes that end a session"
                min={1}
                max={1440}
                value={draft.sessionIdleMinutes}
                onChange={(value) => {
                  if (typeof value === 'number') edit((d) => ({ ...d, sessionIdleMinutes: value }))
                }}
              />
            </Flex>
            <Checkbox
              checked={draft.keepQueryString}
              onChange={(event) => {
                edit((d) => ({ ...d, keepQueryString: event.target.checked }))
              }}
            >
              Keep the query string of page URLs
            </Checkbox>
          </Flex>
          {read && 'problem' in read && (
            <Alert type="error" showIcon role="alert" title={read.problem} />
          )}
          <Typography.Text strong>Ten events as queries will read them</Typography.Text>
          <QueryStatus query={preview} what="the preview" />
          <Table<MappedEventPreview>
            aria-label="Mapped events preview"
            size="small"
            pagination={false}
            rowKey="id"
            scroll={{ x: true }}
            dataSource={mapping ? (preview.result?.events ?? []) : []}
            columns={[
              { title: 'Event', dataIndex: 'id' },
              { title: 'User', dataIndex: 'userId' },
              { title: 'Session', dataIndex: 'sessionId' },
              { title: 'Name', dataIndex: 'eventType' },
              {
                title: 'Time',
                dataIndex: 'timestamp',
                render: (value: Date | null) => (value ? value.toISOString() : '')
              },
              { title: 'Page', dataIndex: 'pageUrl' },
              {
                title: 'Read',
                dataIndex: 'problem',
                render: (problem: string | null) =>
                  problem ? <Typography.Text type="danger">{problem}</Typography.Text> : 'yes'
              }
            ]}
          />
          {saveError && <ErrorAlert error={saveError} title="The mapping was not saved" />}
          <Flex gap={8} wrap>
            <Button
              type="primary"
              disabled={!mapping}
              loading={saving}
              onClick={() => void save(mapping)}
            >
              Save mapping
            </Button>
            {connection.fieldMapping && (
              <Button onClick={() => void save(null)}>Read the seed schema again</Button>
            )}
            <Button onClick={onClose}>Close</Button>
          </Flex>
        </>
      )}
    </Flex>
  )
}
