import { Card, Col, Descriptions, Flex, Row, Statistic, Typography } from 'antd'
import type { CustomerCaseFile } from '../../../../shared/journeys/results'
import { formatCount, formatDuration, formatMoneyAmounts } from '../../../../shared/format'
import { idText } from '../../app/routes/links'
import { formatDate, formatDateTime } from '../../components/format/format-date'

/** Who the customer is, and what they did in all (over all their events, whatever the scope). */
export function CaseFileProfile({ file }: { file: CustomerCaseFile }) {
  const { user, totals } = file
  return (
    <Card>
      <Flex vertical gap={16}>
        <Flex vertical gap={2}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {user.name || '(no name)'}
          </Typography.Title>
          <Typography.Text type="secondary">
            {user.email} · id{' '}
            <Typography.Text code copyable>
              {idText(user._id)}
            </Typography.Text>{' '}
            · customer since {formatDate(user.createdAt)}
          </Typography.Text>
        </Flex>
        <Row gutter={[24, 16]} aria-label="Totals">
          <Col xs={12} md={6} lg={4}>
            <Statistic title="Sessions" value={formatCount(totals.sessions)} />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Statistic title="Page views" value={formatCount(totals.pageViews)} />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Statistic title="Purchases" value={formatCount(totals.purchases)} />
          </Col>
          <Col xs={12} md={6} lg={4}>
            <Statistic title="Time on pages" value={formatDuration(totals.secondsOnPages)} />
          </Col>
          <Col xs={24} md={12} lg={8}>
            <Statistic title="Spent" value={formatMoneyAmounts(totals.amountSpent)} />
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="First seen">
            {formatDateTime(totals.firstSeen)}
          </Descriptions.Item>
          <Descriptions.Item label="Last seen">{formatDateTime(totals.lastSeen)}</Descriptions.Item>
        </Descriptions>
      </Flex>
    </Card>
  )
}
