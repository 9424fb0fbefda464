import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, PlusOutlined } from '@ant-design/icons'
import { Alert, Button, Flex, InputNumber, Segmented, Select, Tag, Tooltip, Typography } from 'antd'
import { memo, useState } from 'react'
import { WINDOW_UNIT_NAMES, type WindowUnit } from '../../../../shared/funnels/conversion-window'
import type { FunnelDefinition } from '../../../../shared/funnels/funnel-definition'
import type { BreakdownKey, FunnelMode } from '../../../../shared/journeys/query-schemas'
import { PageInput } from '../../components/pickers/PageInput'
import { EventTypeInput } from './EventTypeInput'
import {
  addStep,
  checkFunnelDraft,
  MAX_STEPS,
  MIN_STEPS,
  moveStep,
  removeStep,
  updateStep,
  type DraftProblem,
  type PageMatch
} from './funnel-builder'
import { useFunnelDraftStore } from './funnel-draft-store'

const MODE_HELP: Record<FunnelMode, string> = {
  ordered: 'Steps in this order; other events may come between them.',
  strict: 'Steps in this order with nothing else in between.',
  any: 'Any of the steps, in any order: rows count users who did k of them.'
}

const UNITS: WindowUnit[] = ['m', 'h', 'd']

/** The funnel's steps (2–10), mode, window and breakdown; “Show funnel” puts it in the route. */
export const FunnelBuilder = memo(function FunnelBuilder({
  onRun,
  onNew
}: {
  onRun: (definition: FunnelDefinition) => void
  /** Clears the builder and the funnel on screen. */
  onNew: () => void
}) {
  const draft = useFunnelDraftStore((state) => state.draft)
  const edit = useFunnelDraftStore((state) => state.edit)
  const [attempted, setAttempted] = useState(false)
  const check = checkFunnelDraft(draft)
  const problems = attempted && !check.ok ? check.problems : []
  const problemAt = (step: number, field: 'eventType' | 'page') =>
    problems.some((p) => 'step' in p.at && p.at.step === step && p.at.field === field)
      ? ('error' as const)
      : undefined

  const run = () => {
    setAttempted(true)
    if (check.ok) onRun(check.definition)
  }

  return (
    <Flex vertical gap={12} role="form" aria-label="Funnel steps">
      <ol style={{ margin: 0, padding: 0, listStyle: 'none' }}>
        {draft.steps.map((step, index) => (
          <li key={index} aria-label={`Step ${String(index + 1)}`} style={{ marginBottom: 8 }}>
            <Flex align="center" gap={8} wrap>
              <Tag style={{ width: 30, textAlign: 'center', marginInlineEnd: 0, paddingInline: 0 }}>
                {index + 1}
              </Tag>
              <EventTypeInput
                ariaLabel={`Step ${String(index + 1)} event`}
                value={step.eventType}
                status={problemAt(index, 'eventType')}
                onChange={(eventType) => {
                  edit((d) => updateStep(d, index, { eventType }))
                }}
              />
              <Select<PageMatch>
                aria-label={`Step ${String(index + 1)} page match`}
                value={step.pageMatch}
                style={{ width: 160 }}
                options={[
                  { value: 'any', label: 'on any page' },
                  { value: 'exact', label: 'on the page' },
                  { value: 'prefix', label: 'on pages under' }
                ]}
                onChange={(pageMatch) => {
                  edit((d) => updateStep(d, index, { pageMatch }))
                }}
              />
              {step.pageMatch !== 'any' && (
                <PageInput
                  ariaLabel={`Step ${String(index + 1)} page`}
                  value={step.page}
                  width={260}
                  placeholder={step.pageMatch === 'prefix' ? '/checkout' : '/cart'}
                  status={problemAt(index, 'page')}
                  onChange={(page) => {
                    edit((d) => updateStep(d, index, { page }))
                  }}
                />
              )}
              <Flex gap={2}>
                <Tooltip title="Move up">
                  <Button
                    size="small"
                    type="text"
                    aria-label={`Move step ${String(index + 1)} up`}
                    icon={<ArrowUpOutlined />}
                    disabled={index === 0}
                    onClick={() => {
                      edit((d) => moveStep(d, index, -1))
                    }}
                  />
                </Tooltip>
                <Tooltip title="Move down">
                  <Button
                    size="small"
                    type="text"
                    aria-label={`Move step ${String(index + 1)} down`}
                    icon={<ArrowDownOutlined />}
                    disabled={index === draft.steps.length - 1}
                    onClick={() => {
                      edit((d) => moveStep(d, index, 1))
                    }}
                  />
                </Tooltip>
                <Tooltip
                  title={
                    draft.steps.length <= MIN_STEPS ? 'A funnel has at least 2 steps' : 'Remove'
                  }
                >
                  <Button
                    size="small"
                    type="text"
                    aria-label={`Remove step ${String(index + 1)}`}
                    icon={<CloseOutlined />}
                    disabled={draft.steps.length <= MIN_STEPS}
                    onClick={() => {
                      edit((d) => removeStep(d, index))
                    }}
                  />
                </Tooltip>
              </Flex>
            </Flex>
          </li>
        ))}
      </ol>
      <div>
        <Button
          icon={<PlusOutlined />}
          disabled={draft.steps.length >= MAX_STEPS}
          onClick={() => {
            edit((d) => addStep(d))
          }}
        >
          {draft.steps.length >= MAX_STEPS ? 'At most 10 steps' : 'Add step'}
        </Button>
      </div>
      <Flex align="center" gap={16} wrap>
        <Flex align="center" gap={6}>
          <Typography.Text type="secondary">Mode</Typography.Text>
          <Tooltip title={MODE_HELP[draft.mode]}>
            <Segmented<FunnelMode>
              aria-label="Mode"
              value={draft.mode}
              options={[
                { value: 'ordered', label: 'Ordered' },
                { value: 'strict', label: 'Strict' },
                { value: 'any', label: 'Any order' }
              ]}
              onChange={(mode) => {
                edit((d) => ({ ...d, mode }))
              }}
            />
          </Tooltip>
        </Flex>
        <Flex align="center" gap={6}>
          <Typography.Text type="secondary">Within</Typography.Text>
          <InputNumber
            aria-label="Window"
            min={1}
            precision={0}
            value={draft.window.amount}
            status={problems.some((p) => p.at.field === 'window') ? 'error' : undefined}
            style={{ width: 80 }}
            onChange={(amount) => {
              edit((d) => ({ ...d, window: { ...d.window, amount } }))
            }}
          />
          <Select<WindowUnit>
            aria-label="Window unit"
            value={draft.window.unit}
            style={{ width: 110 }}
            options={(draft.window.unit === 's' ? (['s', ...UNITS] as WindowUnit[]) : UNITS).map(
              (unit) => ({ value: unit, label: WINDOW_UNIT_NAMES[unit] })
            )}
            onChange={(unit) => {
              edit((d) => ({ ...d, window: { ...d.window, unit } }))
            }}
          />
          <Typography.Text type="secondary">of the first step</Typography.Text>
        </Flex>
        <Flex align="center" gap={6}>
          <Typography.Text type="secondary">Break down by</Typography.Text>
          <Select<BreakdownKey | 'none'>
            aria-label="Break down by"
            value={draft.breakdown ?? 'none'}
            style={{ width: 150 }}
            options={[
              { value: 'none', label: 'nothing' },
              { value: 'browser', label: 'browser' },
              { value: 'os', label: 'operating system' }
            ]}
            onChange={(value) => {
              edit((d) => ({ ...d, breakdown: value === 'none' ? null : value }))
            }}
          />
        </Flex>
      </Flex>
      {problems.length > 0 && <ProblemList problems={problems} />}
      <Flex gap={8}>
        <Button type="primary" onClick={run}>
          Show funnel
        </Button>
        <Button
          onClick={() => {
            setAttempted(false)
            onNew()
          }}
        >
          New funnel
        </Button>
      </Flex>
    </Flex>
  )
})

function ProblemList({ problems }: { problems: DraftProblem[] }) {
  return (
    <Alert
      type="error"
      showIcon
      title="The funnel cannot run yet"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {problems.map((problem) => (
            <li key={problem.message}>{problem.message}</li>
          ))}
        </ul>
      }
    />
  )
}
