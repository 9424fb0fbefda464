import { Table, Tag, theme } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useMemo } from 'react'
import type { EventDocument } from '../../../../shared/journeys/documents'
import { formatDuration, formatMoney } from '../../../../shared/format'
import { formatTime } from '../../components/format/format-date'
import { eventRows, type EventRow } from './session-rows'

/** Long sessions (crawlers have thousands of events) scroll inside a virtual list. */
const VIRTUAL_FROM = 60

/** One session's events in order: time, type, page, time on page, purchase amount. */
export function SessionEvents({
  events,
  highlightedPage
}: {
  events: readonly EventDocument[]
  highlightedPage: string | null
}) {
  const { token } = theme.useToken()
  const rows = useMemo(() => eventRows(events, highlightedPage), [events, highlightedPage])
  const columns: ColumnsType<EventRow> = [
    { title: '#', dataIndex: 'index', width: 56, align: 'right' },
    { title: 'Time', key: 'time', width: 120, render: (_, row) => formatTime(row.time) },
    { title: 'Event', dataIndex: 'type', width: 150, render: (type: string) => <Tag>{type}</Tag> },
    {
      title: 'Page',
      dataIndex: 'page',
      ellipsis: true,
      render: (page: string | null) => page ?? '–'
    },
    {
      title: 'Time on page',
      key: 'secondsOnPage',
      width: 120,
      align: 'right',
      render: (_, row) => (row.secondsOnPage === null ? '' : formatDuration(row.secondsOnPage))
    },
    {
      title: 'Amount',
      key: 'amount',
      width: 130,
      align: 'right',
      render: (_, row) => (row.amount ? formatMoney(row.amount) : '')
    }
  ]
  const virtual = rows.length > VIRTUAL_FROM
  return (
    <Table<EventRow>
      aria-label="Session events"
      size="small"
      rowKey="key"
      columns={columns}
      dataSource={rows}
      pagination={false}
      virtual={virtual}
      scroll={virtual ? { y: 420, x: 800 } : undefined}
      onRow={(row) => ({
        'aria-selected': row.highlighted,
        'data-highlighted': row.highlighted ? 'true' : undefined,
        style: row.highlighted
          ? { background: token.colorPrimaryBg, boxShadow: `inset 3px 0 0 ${token.colorPrimary}` }
          : undefined
      })}
    />
  )
}
