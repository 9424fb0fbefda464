import { useRoute } from '../../app/routes/navigation'
import { CaseFileView } from './CaseFileView'
import { CustomerSearchView } from './CustomerSearchView'

/** `#/customers?q=…` is the search; `#/customers/<id>` one customer's case file. */
export default function CustomersScreen() {
  const route = useRoute()
  const userId = route.segments[0]
  return userId === undefined ? <CustomerSearchView /> : <CaseFileView userId={userId} />
}
