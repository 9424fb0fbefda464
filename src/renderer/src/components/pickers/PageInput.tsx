import { AutoComplete, Flex, Typography } from 'antd'
import { useRef } from 'react'
import { formatCount } from '../../../../shared/format'
import { usePageSuggestions } from './use-page-suggestions'

/**
 * A page URL with suggestions from the catalogue (busiest first, with their views). Free text is
 * always accepted: the catalogue helps, it never limits.
 */
export function PageInput({
  value,
  onChange,
  onPick,
  ariaLabel,
  placeholder = '/checkout',
  width = 280,
  status
}: {
  value: string
  onChange: (text: string) => void
  /** A suggestion was chosen (or Enter pressed in the field). */
  onPick?: (page: string) => void
  ariaLabel: string
  placeholder?: string
  width?: number | string
  status?: 'error'
}) {
  const { suggestions, unavailable } = usePageSuggestions(value)
  // Enter on a highlighted suggestion also selects it: the typed text then must not win.
  const enterPending = useRef(false)
  return (
    <AutoComplete
      aria-label={ariaLabel}
      value={value}
      style={{ width }}
      placeholder={placeholder}
      status={status}
      options={suggestions.map((entry) => ({
        value: entry.page,
        label: (
          <Flex justify="space-between" gap={12}>
            <Typography.Text ellipsis>{entry.page}</Typography.Text>
            <Typography.Text type="secondary">{formatCount(entry.views)} views</Typography.Text>
          </Flex>
        )
      }))}
      notFoundContent={unavailable ? 'No suggestions here: type the page' : undefined}
      onChange={(text: string) => {
        onChange(text)
      }}
      onSelect={(page: string) => {
        enterPending.current = false
        onChange(page)
        onPick?.(page)
      }}
      onInputKeyDown={(event) => {
        const typed = value.trim()
        if (event.key !== 'Enter' || !onPick || typed.length === 0) return
        enterPending.current = true
        setTimeout(() => {
          if (enterPending.current) onPick(typed)
          enterPending.current = false
        }, 0)
      }}
      popupMatchSelectWidth={Math.max(360, typeof width === 'number' ? width : 0)}
    />
  )
}
