import { CheckOutlined, CopyOutlined } from '@ant-design/icons'
import { Alert, Button, Descriptions, Drawer, Flex, Tag, Typography, theme } from 'antd'
import { useMemo, useState } from 'react'
import { formatPlanForMongosh } from '../../../../shared/journeys/format-mongosh'
import type { DataSource } from '../../../../shared/journeys/data-source'
import type { QueryPlan } from '../../../../shared/journeys/results'
import { describeDuration } from './describe-duration'
import { ExplainSection } from './ExplainSection'
import { STRATEGY_DESCRIPTIONS } from './strategy-descriptions'

export interface ShowQueryDrawerProps {
  open: boolean
  onClose: () => void
  /** What the result shows ("overview", "case file"). */
  what: string
  plan: QueryPlan
  /** How long the query took, in milliseconds. */
  tookMs: number | null
  /** The source it ran on: a server source offers "Explain on the server". */
  source?: DataSource
}

/** The queries behind a result as mongosh code, with a copy button, the strategy, notes and timing. */
export function ShowQueryDrawer({
  open,
  onClose,
  what,
  plan,
  tookMs,
  source
}: ShowQueryDrawerProps) {
  const code = useMemo(() => formatPlanForMongosh(plan), [plan])
  const [copied, setCopied] = useState(false)
  const { token } = theme.useToken()

  const copy = async () => {
    await navigator.clipboard.writeText(code)
    setCopied(true)
  }

  return (
    <Drawer
      title={`Query behind the ${what}`}
      open={open}
      onClose={() => {
        setCopied(false)
        onClose()
      }}
      size="large"
    >
      <Flex vertical gap={16}>
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label="Strategy">
            <Flex vertical gap={4}>
              <span>
                <Tag color="blue">{plan.strategy}</Tag>
              </span>
              <Typography.Text type="secondary">
                {STRATEGY_DESCRIPTIONS[plan.strategy]}
              </Typography.Text>
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label="Took">
            {tookMs === null ? 'not measured' : describeDuration(tookMs)}
          </Descriptions.Item>
          <Descriptions.Item label="Operations">{plan.steps.length}</Descriptions.Item>
        </Descriptions>
        {plan.notes.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title="Notes"
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {plan.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            }
          />
        )}
        <Flex justify="space-between" align="center">
          <Typography.Text strong>mongosh</Typography.Text>
          <Button
            icon={copied ? <CheckOutlined /> : <CopyOutlined />}
            onClick={() => void copy()}
            aria-label="Copy query"
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </Flex>
        <pre
          aria-label="Query code"
          style={{
            margin: 0,
            padding: 12,
            overflow: 'auto',
            maxHeight: '60vh',
            fontSize: 12,
            lineHeight: 1.5,
            background: token.colorFillTertiary,
            borderRadius: token.borderRadius,
            fontFamily: token.fontFamilyCode
          }}
        >
          {code}
        </pre>
        {source && open && <ExplainSection source={source} plan={plan} />}
      </Flex>
    </Drawer>
  )
}
