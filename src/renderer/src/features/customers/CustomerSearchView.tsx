import { SearchOutlined } from '@ant-design/icons'
import { Card, Flex, Input, List, Space, Tag, Typography, type InputRef } from 'antd'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { CustomerSummary } from '../../../../shared/journeys/results'
import { formatCount, formatMoneyAmounts } from '../../../../shared/format'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useJourneyQuery } from '../../app/query/use-journey-query'
import { caseFileHref, idText, openCaseFile } from '../../app/routes/links'
import { setParams, useRoute } from '../../app/routes/navigation'
import { paramOf } from '../../app/routes/route'
import { useScope } from '../../app/scope/use-scope'
import { SEARCH_SHORTCUT_LABEL, useSearchFocusStore } from '../../app/shortcuts'
import { EmptyState } from '../../components/EmptyState'
import { formatDateTime } from '../../components/format/format-date'
import { ExportButton } from '../../components/export/ExportButton'
import { ShowQueryButton } from '../../components/show-query/ShowQueryButton'
import { totalsKey, useCustomerTotalsStore } from './customer-totals-store'

const RESULT_LIMIT = 10
const TYPE_DELAY_MS = 200

/**
 * The support desk's search: one box, by id, email or name; results appear as you type (with last
 * seen, sessions and purchases) and Enter opens the first.
 */
export function CustomerSearchView() {
  const route = useRoute()
  const { scope, sourceKey } = useScope()
  const fromRoute = paramOf(route, 'q') ?? ''
  const [text, setText] = useState(fromRoute)
  const [openFirstWhenReady, setOpenFirstWhenReady] = useState(false)
  const input = useRef<InputRef>(null)
  const focusRequests = useSearchFocusStore((state) => state.requests)

  useEffect(() => {
    input.current?.focus({ cursor: 'all' })
  }, [focusRequests])
  // Back/forward change the route's text: follow it.
  useEffect(() => {
    setText(fromRoute)
  }, [fromRoute])
  // Typing updates the address after a pause (replacing the entry: no history per keystroke).
  useEffect(() => {
    if (text.trim() === fromRoute) return
    const timer = setTimeout(() => {
      setParams({ q: text.trim() || null }, { replace: true })
    }, TYPE_DELAY_MS)
    return () => {
      clearTimeout(timer)
    }
  }, [text, fromRoute])

  const searchText = fromRoute.trim()
  const queryInput = useMemo(
    () => (searchText ? { source: scope.source, text: searchText, limit: RESULT_LIMIT } : null),
    [scope.source, searchText]
  )
  const search = useJourneyQuery('searchCustomers', queryInput)
  const current = search.resultKey === search.wantedKey ? search.result : null
  const shown = searchText ? search.result : null

  useEffect(() => {
    if (!openFirstWhenReady || !current) return
    setOpenFirstWhenReady(false)
    const first = current.customers[0]
    if (first) openCaseFile(first._id)
  }, [openFirstWhenReady, current])

  const onEnter = () => {
    const typed = text.trim()
    if (!typed) return
    if (typed !== fromRoute) setParams({ q: typed }, { replace: true })
    setOpenFirstWhenReady(true)
  }

  return (
    <Flex vertical gap={16} style={{ maxWidth: 960 }}>
      <Card>
        <Flex vertical gap={8}>
          <Input
            ref={input}
            size="large"
            allowClear
            autoFocus
            aria-label="Search customers"
            placeholder="Customer id, email or name"
            prefix={<SearchOutlined />}
            suffix={<Tag style={{ marginInlineEnd: 0 }}>{SEARCH_SHORTCUT_LABEL}</Tag>}
            value={text}
            onChange={(event) => {
              setText(event.target.value)
            }}
            onPressEnter={onEnter}
          />
          <Typography.Text type="secondary">
            Matches a whole id, or the start of a name or an email (any case). Enter opens the first
            customer.
          </Typography.Text>
        </Flex>
      </Card>
      <QueryStatus query={search} what="search" />
      {shown && (
        <Card
          title={
            shown.total > shown.customers.length
              ? `${formatCount(shown.total)} customers match; the first ${shown.customers.length} by name`
              : `${formatCount(shown.total)} ${shown.total === 1 ? 'customer matches' : 'customers match'}`
          }
          extra={
            <Flex gap={8}>
              <ExportButton
                what="customer search"
                request={{ kind: 'customers', source: scope.source, text: searchText }}
              />
              <ShowQueryButton
                what="customer search"
                plan={shown.plan}
                tookMs={search.resultMs}
                source={scope.source}
              />
            </Flex>
          }
          styles={{ body: { padding: shown.customers.length ? 0 : undefined } }}
        >
          {shown.customers.length === 0 ? (
            <EmptyState
              title={`No customer matches “${searchText}”`}
              hint="Try the start of the email or of the name, or the whole customer id. Check the data source in the header: customers of another source are not here."
            />
          ) : (
            <SearchResults customers={shown.customers} sourceKey={sourceKey} />
          )}
        </Card>
      )}
      {!searchText && (
        <EmptyState
          title="Find a customer"
          hint={`Type an id, an email or a name above. ${SEARCH_SHORTCUT_LABEL} brings you here from any screen.`}
        />
      )}
    </Flex>
  )
}

function SearchResults({
  customers,
  sourceKey
}: {
  customers: CustomerSummary[]
  sourceKey: string
}) {
  const { scope } = useScope()
  const request = useCustomerTotalsStore((state) => state.request)
  const entries = useCustomerTotalsStore((state) => state.entries)
  const ids = useMemo(() => customers.map((customer) => idText(customer._id)), [customers])

  useEffect(() => {
    const controller = new AbortController()
    void request(sourceKey, scope.source, ids, controller.signal)
    return () => {
      controller.abort()
    }
  }, [request, sourceKey, scope.source, ids])

  return (
    <List
      aria-label="Customers found"
      dataSource={customers}
      rowKey={(customer) => idText(customer._id)}
      renderItem={(customer) => {
        const id = idText(customer._id)
        const entry = entries[totalsKey(sourceKey, id)]
        const totals = entry?.status === 'ready' ? entry.totals : null
        return (
          <List.Item style={{ paddingInline: 24 }}>
            <Flex justify="space-between" align="center" gap={16} style={{ width: '100%' }} wrap>
              <Flex vertical style={{ minWidth: 0 }}>
                <Typography.Link href={caseFileHref(customer._id)} strong>
                  {customer.name || '(no name)'}
                </Typography.Link>
                <Typography.Text type="secondary">
                  {customer.email} · <Typography.Text code>{id}</Typography.Text>
                </Typography.Text>
              </Flex>
              <Space size={16} wrap>
                <Metric
                  label="Last seen"
                  value={totals ? formatDateTime(totals.lastSeen) : undefined}
                />
                <Metric
                  label="Sessions"
                  value={totals ? formatCount(totals.sessions) : undefined}
                />
                <Metric
                  label="Purchases"
                  value={
                    totals
                      ? `${formatCount(totals.purchases)}${totals.amountSpent.length ? ` · ${formatMoneyAmounts(totals.amountSpent)}` : ''}`
                      : undefined
                  }
                />
              </Space>
            </Flex>
          </List.Item>
        )
      }}
    />
  )
}

function Metric({ label, value }: { label: string; value: string | undefined }) {
  return (
    <Flex vertical align="end" style={{ minWidth: 80 }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <Typography.Text>{value ?? '…'}</Typography.Text>
    </Flex>
  )
}
