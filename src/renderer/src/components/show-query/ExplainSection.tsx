import { Button, Collapse, Flex, Tag, Typography, theme } from 'antd'
import { useMemo, useState } from 'react'
import type { DataSource } from '../../../../shared/journeys/data-source'
import type { QueryPlan } from '../../../../shared/journeys/results'
import { QueryStatus } from '../../app/query/QueryStatus'
import { useJourneyQuery } from '../../app/query/use-journey-query'

const STAGE_COLORS = { IXSCAN: 'green', COLLSCAN: 'orange', UNKNOWN: 'default' } as const

/** "Explain on the server": how the source's server would run each step (nothing is executed). */
export function ExplainSection({ source, plan }: { source: DataSource; plan: QueryPlan }) {
  const { token } = theme.useToken()
  const [requested, setRequested] = useState(false)
  const input = useMemo(
    () => (requested && plan.steps.length > 0 ? { source, steps: plan.steps } : null),
    [requested, source, plan.steps]
  )
  const explain = useJourneyQuery('explain', input)

  if (source.kind === 'demo' || source.kind === 'folder' || source.kind === 'workspace') {
    return (
      <Typography.Text type="secondary">
        Explain asks a server how it runs a query. This source runs in the app’s local engine, so
        there is no server plan; the code above is what a MongoDB server would run.
      </Typography.Text>
    )
  }
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Text strong>How the server runs it</Typography.Text>
        <Button
          onClick={() => {
            if (requested) explain.rerun()
            else setRequested(true)
          }}
          loading={explain.status === 'running'}
          disabled={plan.steps.length === 0}
        >
          Explain on the server
        </Button>
      </Flex>
      <QueryStatus query={explain} what="explain" />
      {explain.result?.steps.map((step, index) => (
        <Flex
          key={`${String(index)}:${step.collection}`}
          vertical
          gap={6}
          aria-label={`Explain of step ${String(index + 1)}`}
          style={{
            padding: 12,
            border: `1px solid ${token.colorBorderSecondary}`,
            borderRadius: token.borderRadius
          }}
        >
          <Flex gap={8} wrap align="center">
            <Typography.Text>
              {index + 1}. {step.operation} on{' '}
              <Typography.Text code>{step.collection}</Typography.Text>
            </Typography.Text>
            <Tag color={STAGE_COLORS[step.stage]}>{step.stage}</Tag>
            {step.indexName && <Tag>index {step.indexName}</Tag>}
          </Flex>
          <pre
            style={{
              margin: 0,
              fontSize: 12,
              fontFamily: token.fontFamilyCode,
              whiteSpace: 'pre-wrap'
            }}
          >
            {step.summary.join('\n') || '(the server gave no plan tree)'}
          </pre>
          {step.raw !== null && (
            <Collapse
              size="small"
              items={[
                {
                  key: 'raw',
                  label: 'The server’s answer',
                  children: (
                    <pre
                      style={{
                        margin: 0,
                        maxHeight: 320,
                        overflow: 'auto',
                        fontSize: 11,
                        fontFamily: token.fontFamilyCode
                      }}
                    >
                      {JSON.stringify(step.raw, null, 2)}
                    </pre>
                  )
                }
              ]}
            />
          )}
        </Flex>
      ))}
    </Flex>
  )
}
