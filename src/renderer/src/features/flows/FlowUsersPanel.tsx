import { Button, Card, Flex, Table, Typography } from 'antd'
import { useState } from 'react'
import { formatCount } from '../../../../shared/format'
import type { FlowQuery, FlowSelection } from '../../../../shared/journeys/query-schemas'
import type { DocumentId } from '../../../../shared/journeys/documents'
import type { UserContact } from '../../../../shared/journeys/results'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useJourneyQuery } from '../../app/query/use-journey-query'
import { caseFileHref, idText, openCaseFile } from '../../app/routes/links'
import { ExportButton } from '../../components/export/ExportButton'
import { usersTablePagination, USERS_PAGE_SIZE } from '../../components/users-table-pagination'
import { ShowQueryButton } from '../../components/show-query/ShowQueryButton'
import { userContactColumns } from '../../components/user-contact-columns'
import type { DescribedSelection } from './describe-flow-selection'

interface UserRow extends UserContact {
  key: string
  userId: DocumentId
  sessionIds: DocumentId[]
}

/** The users behind a node or an edge of the flows, paged, each opening their case file. */
export function FlowUsersPanel({
  query,
  selection,
  described,
  onClose
}: {
  query: FlowQuery
  selection: FlowSelection
  described: DescribedSelection | null
  onClose: () => void
}) {
  // The parent keys this panel by the selection, so a new selection starts at the first page.
  const [offset, setOffset] = useState(0)
  const users = useJourneyQuery('flowUsers', {
    ...query,
    selection,
    users: { offset, limit: USERS_PAGE_SIZE }
  })
  const result = users.result
  const rows: UserRow[] = (result?.users ?? []).map((user) => ({
    key: idText(user.userId),
    ...user
  }))
  const title = described
    ? `Users through ${described.title}`
    : 'Users through the selection (it is not in the current flows)'
  return (
    <Card
      title={title}
      aria-label="Flow users"
      size="small"
      extra={
        <Flex gap={8}>
          <ExportButton what="flow users" request={{ kind: 'flowUsers', ...query, selection }} />
          <ShowQueryButton
            what="flow users"
            plan={result?.plan}
            tookMs={users.resultMs}
            source={query.source}
          />
          <Button size="small" onClick={onClose}>
            Close
          </Button>
        </Flex>
      }
    >
      <QueryStatus query={users} what="users" />
      {result && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {formatCount(result.total)} {result.total === 1 ? 'user' : 'users'} in{' '}
          {formatCount(result.sessions)} {result.sessions === 1 ? 'session' : 'sessions'}. Click a
          user to open their case file at the first of these sessions.
        </Typography.Paragraph>
      )}
      <Table<UserRow>
        size="small"
        rowKey="key"
        dataSource={rows}
        loading={users.status === 'running' && !users.slow}
        locale={{ emptyText: users.status === 'running' ? 'Loading…' : 'No users' }}
        pagination={usersTablePagination(offset, result?.total ?? 0, setOffset)}
        columns={[
          {
            title: 'User',
            key: 'user',
            render: (_, row) => (
              <a
                href={caseFileHref(row.userId, row.sessionIds[0])}
                onClick={(event) => {
                  event.preventDefault()
                  openCaseFile(row.userId, row.sessionIds[0])
                }}
              >
                {idText(row.userId)}
              </a>
            )
          },
          ...userContactColumns<UserRow>(),
          {
            title: 'Sessions here',
            key: 'sessions',
            align: 'right',
            width: 130,
            render: (_, row) => formatCount(row.sessionIds.length)
          }
        ]}
      />
    </Card>
  )
}
