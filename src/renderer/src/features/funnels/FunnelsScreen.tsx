import { Card } from 'antd'
import { EmptyState } from '../../components/EmptyState'

/** Placeholder until the Funnels screen lands (graphs7 replaces this file). */
export default function FunnelsScreen() {
  return (
    <Card title="Funnels">
      <EmptyState
        title="The Funnels screen is being built"
        hint="It will show who gets from one step to the next, and how fast."
      />
    </Card>
  )
}
