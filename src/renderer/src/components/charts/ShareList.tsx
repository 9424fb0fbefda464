import { Flex, Progress, Typography } from 'antd'
import { formatCount, formatPercent } from '../../../../shared/format'

export interface ShareItem {
  name: string
  count: number
  /** 0..1 */
  share: number
}

/** Shares as labelled bars (browsers, operating systems): name, count and percentage. */
export function ShareList({
  items,
  unit,
  ariaLabel
}: {
  items: readonly ShareItem[]
  unit: string
  ariaLabel: string
}) {
  return (
    <Flex vertical gap={10} role="list" aria-label={ariaLabel}>
      {items.map((item) => (
        <Flex key={item.name} vertical gap={0} role="listitem" aria-label={item.name}>
          <Flex justify="space-between" gap={12}>
            <Typography.Text ellipsis>{item.name}</Typography.Text>
            <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
              {formatCount(item.count)} {unit} · {formatPercent(item.share)}
            </Typography.Text>
          </Flex>
          <Progress
            percent={item.share * 100}
            showInfo={false}
            size="small"
            style={{ margin: 0 }}
          />
        </Flex>
      ))}
    </Flex>
  )
}
