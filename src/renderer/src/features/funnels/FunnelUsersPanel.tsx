import { Button, Card, Flex, Table, Typography } from 'antd'
import { useState } from 'react'
import { formatCount } from '../../../../shared/format'
import type { FunnelQuery } from '../../../../shared/journeys/query-schemas'
import type { FunnelUser } from '../../../../shared/journeys/results'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useJourneyQuery } from '../../app/query/use-journey-query'
import { caseFileHref, idText, openCaseFile } from '../../app/routes/links'
import { ExportButton } from '../../components/export/ExportButton'
import { usersTablePagination, USERS_PAGE_SIZE } from '../../components/users-table-pagination'
import { ShowQueryButton } from '../../components/show-query/ShowQueryButton'
import { userContactColumns } from '../../components/user-contact-columns'
import { describeDrill, type FunnelDrill } from './funnel-view-state'

/** Who reached a step, or who dropped off before it; each opens their case file. Paged. */
export function FunnelUsersPanel({
  query,
  drill,
  labels,
  onClose
}: {
  query: FunnelQuery
  drill: FunnelDrill
  labels: string[]
  onClose: () => void
}) {
  // The parent keys this panel by the drill, so another step starts at the first page.
  const [offset, setOffset] = useState(0)
  // The users listed and exported: the step's, narrowed to the group or bucket clicked.
  const selection = {
    ...query,
    step: drill.step,
    outcome: drill.outcome,
    ...(drill.group === undefined ? {} : { breakdownValue: drill.group }),
    ...(drill.bucket === undefined ? {} : { timeToConvertBucket: drill.bucket })
  }
  const users = useJourneyQuery('funnelUsers', {
    ...selection,
    page: { offset, limit: USERS_PAGE_SIZE }
  })
  const result = users.result
  const label = labels[drill.step - 1] ?? `step ${String(drill.step)}`
  const title = describeDrill(drill, label)
  const rows = (result?.users ?? []).map((user) => ({ key: idText(user.userId), ...user }))
  return (
    <Card
      size="small"
      title={title}
      aria-label="Funnel users"
      extra={
        <Flex gap={8}>
          <ExportButton what="funnel users" request={{ kind: 'funnelUsers', ...selection }} />
          <ShowQueryButton
            what="funnel users"
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
          {formatCount(result.total)} {result.total === 1 ? 'user' : 'users'}, by id. Click one to
          open their case file.
        </Typography.Paragraph>
      )}
      <Table<FunnelUser & { key: string }>
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
                href={caseFileHref(row.userId)}
                onClick={(event) => {
                  event.preventDefault()
                  openCaseFile(row.userId)
                }}
              >
                {idText(row.userId)}
              </a>
            )
          },
          ...userContactColumns<FunnelUser & { key: string }>()
        ]}
      />
    </Card>
  )
}
