import { Typography } from 'antd'
import type { ColumnType } from 'antd/es/table'
import type { UserContact } from '../../../shared/journeys/results'

/** What a missing name or email shows (a mapped source may have neither). */
function missing(what: string) {
  return (
    <Typography.Text type="secondary" aria-label={`no ${what}`}>
      —
    </Typography.Text>
  )
}

/**
 * The Name and Email columns of a users table (funnel steps, flow nodes and edges), so a support
 * agent sees who each user is before opening their case file.
 */
export function userContactColumns<Row extends UserContact>(): ColumnType<Row>[] {
  return [
    {
      title: 'Name',
      key: 'name',
      ellipsis: true,
      render: (_, row) => row.name ?? missing('name')
    },
    {
      title: 'Email',
      key: 'email',
      ellipsis: true,
      render: (_, row) =>
        row.email === null ? (
          missing('email')
        ) : (
          <Typography.Text copyable={{ text: row.email, tooltips: ['Copy email', 'Copied'] }}>
            {row.email}
          </Typography.Text>
        )
    }
  ]
}
