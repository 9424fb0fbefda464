import { Button, Card, Col, Flex, Row, Skeleton, Statistic, Table, Typography } from 'antd'
import { useMemo } from 'react'
import type { OverviewQuery } from '../../../../shared/journeys/query-schemas'
import type { MoneyAmount, OverviewResult } from '../../../../shared/journeys/results'
import { formatCount, formatMoney, formatMoneyAmounts } from '../../../../shared/format'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useJourneyQuery } from '../../app/query/use-journey-query'
import { flowsHref } from '../../app/routes/links'
import { setParams } from '../../app/routes/navigation'
import { describeScope, scopeParams } from '../../app/scope/scope-selection'
import { useScope } from '../../app/scope/use-scope'
import { DailyChart } from '../../components/charts/DailyChart'
import { ShareList } from '../../components/charts/ShareList'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/export/ExportButton'
import { ShowQueryButton } from '../../components/show-query/ShowQueryButton'
import { currenciesOf, dailyRows } from './overview-series'

const TOP_PAGES = 10

/** Daily users, sessions, page views, purchases and revenue; top pages; browsers and OS. */
export default function OverviewScreen() {
  const { scope, timeZone, selection } = useScope()
  const input = useMemo(() => ({ ...scope, timeZone, topPages: TOP_PAGES }), [scope, timeZone])
  const query = useJourneyQuery('overview', input)
  const result = query.result

  return (
    <Flex vertical gap={16}>
      <QueryStatus query={query} what="overview" />
      {!result ? (
        query.status !== 'failed' && (
          <Card>
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )
      ) : result.totals.users === 0 && result.days.length === 0 ? (
        <Card>
          <EmptyState
            title="No events in this scope"
            hint={`Nothing happened in ${describeScope(selection)} on this source. Widen the date range or clear the browser and OS filters.`}
            action={
              <Button
                type="primary"
                onClick={() => {
                  setParams(scopeParams({ preset: 'all', browsers: [], operatingSystems: [] }))
                }}
              >
                Show all time, all devices
              </Button>
            }
          />
        </Card>
      ) : (
        <OverviewBody result={result} tookMs={query.resultMs} input={input} />
      )}
    </Flex>
  )
}

function OverviewBody({
  result,
  tookMs,
  input
}: {
  result: OverviewResult
  tookMs: number | null
  input: OverviewQuery
}) {
  const { scope } = useScope()
  const rows = useMemo(() => dailyRows(result), [result])
  const currencies = useMemo(() => currenciesOf(result), [result])
  const { totals } = result
  return (
    <>
      <Card
        title="Totals"
        extra={
          <Flex gap={8}>
            <ExportButton
              what="overview days"
              label="Export days"
              request={{ kind: 'overviewDays', ...input }}
            />
            <ExportButton
              what="top pages"
              label="Export top pages"
              request={{ kind: 'overviewTopPages', ...input }}
            />
            <ShowQueryButton
              what="overview"
              plan={result.plan}
              tookMs={tookMs}
              source={scope.source}
            />
          </Flex>
        }
      >
        <Row gutter={[24, 16]} aria-label="Overview totals">
          <Col xs={12} md={8} xl={4}>
            <Statistic title="Users" value={formatCount(totals.users)} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title="Sessions" value={formatCount(totals.sessions)} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title="Page views" value={formatCount(totals.pageViews)} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title="Purchases" value={formatCount(totals.purchases)} />
          </Col>
          <Col xs={24} md={16} xl={8}>
            <Statistic
              title="Revenue"
              value={formatMoneyAmounts(totals.revenueByCurrency)}
              valueRender={() => <RevenueLines amounts={totals.revenueByCurrency} />}
            />
          </Col>
        </Row>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="Users and sessions per day" size="small">
            <DailyChart
              ariaLabel="Users and sessions per day"
              rows={rows}
              series={[
                { key: 'users', label: 'Users' },
                { key: 'sessions', label: 'Sessions' }
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="Page views per day" size="small">
            <DailyChart
              ariaLabel="Page views per day"
              kind="area"
              rows={rows}
              series={[{ key: 'pageViews', label: 'Page views' }]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="Purchases per day" size="small">
            <DailyChart
              ariaLabel="Purchases per day"
              kind="bar"
              rows={rows}
              series={[{ key: 'purchases', label: 'Purchases' }]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title="Revenue per day, by currency" size="small">
            {currencies.length === 0 ? (
              <EmptyState title="No purchases in this scope" />
            ) : (
              <DailyChart
                ariaLabel="Revenue per day"
                rows={rows}
                series={currencies.map((currency) => ({
                  key: `revenue:${currency}`,
                  label: currency
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title="Top pages" size="small" styles={{ body: { padding: 0 } }}>
            <Table
              aria-label="Top pages"
              size="small"
              rowKey="page"
              pagination={false}
              dataSource={result.topPages}
              columns={[
                {
                  title: 'Page',
                  dataIndex: 'page',
                  ellipsis: true,
                  render: (page: string) => (
                    <Typography.Link href={flowsHref(page)} title={`Flows from ${page}`}>
                      {page}
                    </Typography.Link>
                  )
                },
                {
                  title: 'Views',
                  dataIndex: 'views',
                  align: 'right',
                  width: 110,
                  render: (views: number) => formatCount(views)
                },
                {
                  title: 'Users',
                  dataIndex: 'users',
                  align: 'right',
                  width: 110,
                  render: (users: number) => formatCount(users)
                }
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card title="Browsers" size="small">
            <ShareList
              ariaLabel="Browsers"
              unit="sessions"
              items={result.browsers.map((b) => ({
                name: b.name,
                count: b.sessions,
                share: b.share
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card title="Operating systems" size="small">
            <ShareList
              ariaLabel="Operating systems"
              unit="sessions"
              items={result.operatingSystems.map((o) => ({
                name: o.name,
                count: o.sessions,
                share: o.share
              }))}
            />
          </Card>
        </Col>
      </Row>
    </>
  )
}

/** Revenue per currency, one line each (never added together); smaller when there are several. */
function RevenueLines({ amounts }: { amounts: readonly MoneyAmount[] }) {
  if (amounts.length === 0) return <span>–</span>
  return (
    <Flex
      vertical
      gap={0}
      style={amounts.length > 1 ? { fontSize: 18, lineHeight: 1.4 } : undefined}
    >
      {amounts.map((money) => (
        <span key={money.currency}>{formatMoney(money)}</span>
      ))}
    </Flex>
  )
}
