import { Button, Flex, InputNumber, Segmented, Tooltip, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { PageInput } from '../../components/pickers/PageInput'
import { FLOW_DEPTH, FLOW_TOP_N, type FlowViewState } from './flow-view-state'
import type { FlowDirection } from './flow-graph-model'

/** From or to a page, which page, how many steps and how many pages per step. */
export function FlowControls({
  state,
  onChange
}: {
  state: FlowViewState
  onChange: (change: Partial<FlowViewState>) => void
}) {
  const [pageText, setPageText] = useState(state.page ?? '')
  useEffect(() => {
    setPageText(state.page ?? '')
  }, [state.page])
  const pick = (page: string) => {
    const chosen = page.trim()
    if (chosen.length > 0) onChange({ page: chosen, selection: null })
  }
  return (
    <Flex role="group" aria-label="Flow settings" align="center" gap={12} wrap>
      <Segmented<FlowDirection>
        aria-label="Direction"
        value={state.direction}
        options={[
          { value: 'from', label: 'After a page' },
          { value: 'to', label: 'Before a page' }
        ]}
        onChange={(direction) => {
          onChange({ direction, selection: null })
        }}
      />
      <PageInput
        ariaLabel="Page"
        value={pageText}
        onChange={setPageText}
        onPick={pick}
        placeholder="Type or pick a page, e.g. /"
        width={320}
      />
      <Button
        type="primary"
        disabled={pageText.trim().length === 0 || pageText.trim() === state.page}
        onClick={() => {
          pick(pageText)
        }}
      >
        Show flows
      </Button>
      <Flex align="center" gap={6}>
        <Typography.Text type="secondary">Steps</Typography.Text>
        <Tooltip title="How many pages to follow from (or back to) the chosen page, 1 to 10">
          <InputNumber
            aria-label="Steps"
            min={FLOW_DEPTH.min}
            max={FLOW_DEPTH.max}
            precision={0}
            value={state.depth}
            style={{ width: 72 }}
            onChange={(depth) => {
              if (depth !== null) onChange({ depth, selection: null })
            }}
          />
        </Tooltip>
      </Flex>
      <Flex align="center" gap={6}>
        <Typography.Text type="secondary">Top pages per step</Typography.Text>
        <Tooltip title="Pages shown per step; the rest are counted in (other), 1 to 50">
          <InputNumber
            aria-label="Top pages per step"
            min={FLOW_TOP_N.min}
            max={FLOW_TOP_N.max}
            precision={0}
            value={state.topN}
            style={{ width: 72 }}
            onChange={(topN) => {
              if (topN !== null) onChange({ topN, selection: null })
            }}
          />
        </Tooltip>
      </Flex>
    </Flex>
  )
}
