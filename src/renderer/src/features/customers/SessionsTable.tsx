import { Card, Table, Tag, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useMemo } from 'react'
import type { CustomerCaseFile } from '../../../../shared/journeys/results'
import { formatCount, formatDuration, formatMoneyAmounts } from '../../../../shared/format'
import { setParams } from '../../app/routes/navigation'
import { formatDateTime } from '../../components/format/format-date'
import { SessionEvents } from './SessionEvents'
import { sessionRows, type SessionRow } from './session-rows'

export const SESSIONS_PER_PAGE = 20

/** The customer's sessions, newest first, paged by the server; a row opens to its events. */
export function SessionsTable({
  file,
  pageNumber,
  loading,
  openSession,
  highlightedPage
}: {
  file: CustomerCaseFile
  pageNumber: number
  loading: boolean
  openSession: string | null
  highlightedPage: string | null
}) {
  const rows = useMemo(
    () => sessionRows(file.sessions, highlightedPage),
    [file.sessions, highlightedPage]
  )
  const columns: ColumnsType<SessionRow> = [
    {
      title: 'Start',
      key: 'start',
      render: (_, row) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.start)}</span>
    },
    {
      title: 'Duration',
      key: 'duration',
      render: (_, row) => (row.durationSeconds === null ? '–' : formatDuration(row.durationSeconds))
    },
    { title: 'Browser', dataIndex: 'browser' },
    { title: 'OS', dataIndex: 'os' },
    { title: 'IP', dataIndex: 'ip', render: (ip: string) => ip || '–' },
    { title: 'Events', key: 'events', align: 'right', render: (_, row) => formatCount(row.events) },
    {
      title: 'Purchases',
      key: 'spent',
      align: 'right',
      render: (_, row) => (row.spent.length ? formatMoneyAmounts(row.spent) : '–')
    },
    {
      title: '',
      key: 'highlight',
      render: (_, row) =>
        row.highlightedViews > 0 ? (
          <Tag color="green">{`${row.highlightedViews}× ${highlightedPage ?? ''}`}</Tag>
        ) : null
    }
  ]
  return (
    <Card
      title="Sessions"
      extra={
        <Typography.Text type="secondary">
          {formatCount(file.sessionsTotal)} in all, newest first
        </Typography.Text>
      }
      styles={{ body: { padding: 0 } }}
    >
      <Table<SessionRow>
        aria-label="Sessions"
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={rows}
        loading={loading}
        expandable={{
          expandedRowKeys: openSession ? [openSession] : [],
          expandRowByClick: true,
          onExpand: (expanded, row) => {
            setParams({ session: expanded ? row.key : null }, { replace: true })
          },
          expandedRowRender: (row) => (
            <SessionEvents events={row.session.events} highlightedPage={highlightedPage} />
          )
        }}
        pagination={{
          current: pageNumber,
          pageSize: SESSIONS_PER_PAGE,
          total: file.sessionsTotal,
          showSizeChanger: false,
          hideOnSinglePage: true,
          onChange: (page) => {
            setParams({ sessions: page === 1 ? null : String(page), session: null })
          }
        }}
      />
    </Card>
  )
}
