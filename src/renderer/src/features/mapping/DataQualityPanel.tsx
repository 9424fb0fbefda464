import { Alert, Button, Flex, List, Space, Table, Tag, Typography } from 'antd'
import { useMemo } from 'react'
import type { ConnectionSummary } from '../../../../shared/contracts/connections-contract'
import type { DataSource } from '../../../../shared/journeys/data-source'
import type { DataQualityFinding, FieldQuality } from '../../../../shared/mapping/data-quality'
import { SEED_MAPPING } from '../../../../shared/mapping/field-mapping'
import { formatCount, formatPercent } from '../../../../shared/format'
import { QueryStatus } from '../../app/query/QueryStatus'
import { caseFileHref } from '../../app/routes/links'
import { useMappingQuery } from './use-mapping-query'

/**
 * What `journey doctor` finds in a connection's database read through its mapping (the seed schema
 * when it has none): each mapped field's missing and mistyped share, and each finding with counts,
 * example ids and the customers it touches.
 */
export function DataQualityPanel({
  connection,
  database,
  onClose
}: {
  connection: ConnectionSummary
  database: string
  onClose: () => void
}) {
  const request = useMemo(
    () => ({
      source: { kind: 'connection', connectionId: connection.id, database } satisfies DataSource,
      mapping: connection.fieldMapping ?? SEED_MAPPING
    }),
    [connection.id, connection.fieldMapping, database]
  )
  const report = useMappingQuery('checkDataQuality', request)
  const result = report.result

  return (
    <Flex vertical gap={12} role="region" aria-label={`Data quality of ${connection.name}`}>
      <Typography.Text type="secondary">
        Every document of <Typography.Text code>{database}</Typography.Text> read through{' '}
        {connection.fieldMapping ? 'its saved mapping' : 'the seed schema'}.
      </Typography.Text>
      <QueryStatus query={report} what="the data quality report" />
      {result && (
        <>
          <Typography.Text>
            Read {formatCount(result.documents.events)} events
            {result.collections.sessions
              ? `, ${formatCount(result.documents.sessions)} sessions`
              : ''}
            {result.collections.users ? `, ${formatCount(result.documents.users)} users` : ''}.
          </Typography.Text>
          {result.findings.length === 0 ? (
            <Alert type="success" showIcon title="Nothing to report: every check passed." />
          ) : (
            <List<DataQualityFinding>
              aria-label="Data quality findings"
              bordered
              dataSource={result.findings}
              rowKey={(finding) => `${finding.kind} ${finding.title}`}
              renderItem={(finding) => (
                <List.Item aria-label={finding.title}>
                  <Flex vertical gap={4} style={{ minWidth: 0 }}>
                    <Space wrap>
                      <Tag color={finding.severity === 'error' ? 'red' : 'gold'}>
                        {finding.severity}
                      </Tag>
                      <Typography.Text strong>{finding.title}</Typography.Text>
                    </Space>
                    <Typography.Text>
                      {formatCount(finding.count)} of {formatCount(finding.outOf)} (
                      {formatPercent(finding.share)})
                    </Typography.Text>
                    {finding.examples.length > 0 && (
                      <Typography.Text type="secondary">
                        For example: {finding.examples.join(', ')}
                      </Typography.Text>
                    )}
                    {finding.userIds.length > 0 && (
                      <Typography.Text type="secondary">
                        Customers:{' '}
                        {finding.userIds.map((userId, index) => (
                          <span key={userId}>
                            {index > 0 && ', '}
                            <Typography.Link href={caseFileHref(userId)}>{userId}</Typography.Link>
                          </span>
                        ))}
                      </Typography.Text>
                    )}
                  </Flex>
                </List.Item>
              )}
            />
          )}
          <Table<FieldQuality>
            aria-label="Mapped fields"
            size="small"
            pagination={false}
            rowKey={(field) => `${field.collection} ${field.role}`}
            scroll={{ x: true }}
            dataSource={result.fields}
            columns={[
              { title: 'Collection', dataIndex: 'collection' },
              { title: 'Role', dataIndex: 'role' },
              { title: 'Field', dataIndex: 'path', render: (path: string) => <code>{path}</code> },
              { title: 'Checked', dataIndex: 'checked', render: (n: number) => formatCount(n) },
              { title: 'Missing', dataIndex: 'missing', render: (n: number) => formatCount(n) },
              {
                title: 'Other type',
                dataIndex: 'wrongType',
                render: (n: number) => formatCount(n)
              }
            ]}
          />
        </>
      )}
      <Flex gap={8}>
        <Button onClick={report.rerun} disabled={report.status === 'running'}>
          Check again
        </Button>
        <Button onClick={onClose}>Close</Button>
      </Flex>
    </Flex>
  )
}
