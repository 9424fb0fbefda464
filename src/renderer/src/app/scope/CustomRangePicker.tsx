import { DatePicker } from 'antd'
import dayjs from 'dayjs'
import { setParams } from '../routes/navigation'
import { scopeParams, type ScopeSelection } from './scope-selection'

/** First and last day of a custom range (either may be left open). */
export default function CustomRangePicker({ selection }: { selection: ScopeSelection }) {
  return (
    <DatePicker.RangePicker
      aria-label="Custom dates"
      allowEmpty={[true, true]}
      value={[
        selection.from ? dayjs(selection.from) : null,
        selection.to ? dayjs(selection.to) : null
      ]}
      onChange={(dates) => {
        const [from, to] = dates ?? [null, null]
        const next: ScopeSelection = {
          preset: 'custom',
          browsers: selection.browsers,
          operatingSystems: selection.operatingSystems
        }
        if (from) next.from = from.format('YYYY-MM-DD')
        if (to) next.to = to.format('YYYY-MM-DD')
        setParams(scopeParams(next))
      }}
    />
  )
}
