import { Card } from 'antd'
import { EmptyState } from '../../components/EmptyState'
import { paramOf } from '../../app/routes/route'
import { useRoute } from '../../app/routes/navigation'

/** Placeholder until the Flows screen lands (graphs7 replaces this file). */
export default function FlowsScreen() {
  const route = useRoute()
  const page = paramOf(route, 'page')
  return (
    <Card title="Site flows">
      <EmptyState
        title="The Flows screen is being built"
        hint={
          page
            ? `It will show the flows from ${page}.`
            : 'It will show what people do after or before a page.'
        }
      />
    </Card>
  )
}
