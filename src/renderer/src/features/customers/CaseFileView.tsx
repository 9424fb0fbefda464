import { ArrowLeftOutlined } from '@ant-design/icons'
import { Button, Card, Flex, Skeleton, Typography } from 'antd'
import { useMemo } from 'react'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useJourneyQuery } from '../../app/query/use-journey-query'
import { openCustomerSearch } from '../../app/routes/links'
import { setParams, useRoute } from '../../app/routes/navigation'
import { paramOf } from '../../app/routes/route'
import { useScope } from '../../app/scope/use-scope'
import { EmptyState } from '../../components/EmptyState'
import { ExportButton } from '../../components/export/ExportButton'
import { ShowQueryButton } from '../../components/show-query/ShowQueryButton'
import { CaseFileProfile } from './CaseFileProfile'
import { JourneyGraphCard } from './JourneyGraphCard'
import { SessionsTable, SESSIONS_PER_PAGE } from './SessionsTable'

/**
 * One customer's case file: profile and totals, their journey graph, and their sessions newest first,
 * each opening to its events. The open session (`session`), the sessions page (`sessions`) and the
 * highlighted journey node (`node`) live in the route.
 */
export function CaseFileView({ userId }: { userId: string }) {
  const route = useRoute()
  const { scope } = useScope()
  const pageNumber = Math.max(1, Number(paramOf(route, 'sessions') ?? '1') || 1)
  const highlightedPage = paramOf(route, 'node') ?? null
  const openSession = paramOf(route, 'session') ?? null

  const input = useMemo(
    () => ({
      source: scope.source,
      userId,
      sessions: { offset: (pageNumber - 1) * SESSIONS_PER_PAGE, limit: SESSIONS_PER_PAGE }
    }),
    [scope.source, userId, pageNumber]
  )
  const query = useJourneyQuery('customerCaseFile', input)
  // A previous customer's file must not stand in for this one; an older page of this one may.
  const file = query.result && sameUser(query.result.user._id, userId) ? query.result : null

  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      style={{ paddingInline: 0 }}
      onClick={() => {
        openCustomerSearch(paramOf(route, 'q'))
      }}
    >
      Customers
    </Button>
  )

  if (query.status === 'failed' && query.error?.code === 'NOT_FOUND' && !file) {
    return (
      <Flex vertical gap={16}>
        {back}
        <Card>
          <EmptyState
            title={`No customer has the id “${userId}”`}
            hint="The link may be from another data source, or the customer was removed. Search by email or name instead."
            action={
              <Button
                type="primary"
                onClick={() => {
                  openCustomerSearch()
                }}
              >
                Search customers
              </Button>
            }
          />
        </Card>
      </Flex>
    )
  }

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center">
        {back}
        <Flex gap={8}>
          <ExportButton
            what="customer's events"
            label="Export events"
            request={file ? { kind: 'caseFileEvents', source: scope.source, userId } : null}
          />
          <ExportButton
            what="customer's sessions"
            label="Export sessions"
            request={file ? { kind: 'caseFileSessions', source: scope.source, userId } : null}
          />
          <ShowQueryButton
            what="case file"
            plan={file?.plan}
            tookMs={query.resultMs}
            source={scope.source}
          />
        </Flex>
      </Flex>
      <QueryStatus query={query} what="case file" />
      {!file ? (
        query.status !== 'failed' && (
          <Card>
            <Skeleton active />
          </Card>
        )
      ) : (
        <>
          <CaseFileProfile file={file} />
          <JourneyGraphCard
            journey={file.journey}
            selectedPage={highlightedPage}
            onSelect={(page) => {
              setParams({ node: page }, { replace: true })
            }}
          />
          <SessionsTable
            file={file}
            pageNumber={pageNumber}
            loading={query.status === 'running'}
            openSession={openSession}
            highlightedPage={highlightedPage}
          />
          {highlightedPage && (
            <Typography.Text type="secondary">
              Highlighted: views of <Typography.Text code>{highlightedPage}</Typography.Text>.{' '}
              <Typography.Link
                onClick={() => {
                  setParams({ node: null }, { replace: true })
                }}
              >
                Clear
              </Typography.Link>
            </Typography.Text>
          )}
        </>
      )}
    </Flex>
  )
}

function sameUser(id: unknown, text: string): boolean {
  if (typeof id === 'string') return id === text
  const hex = (id as { toHexString?: () => string }).toHexString?.()
  return hex === text.toLowerCase()
}
