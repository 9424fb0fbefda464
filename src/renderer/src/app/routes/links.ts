import type { DocumentId } from '../../../../shared/journeys/documents'
import { hrefTo, navigate } from './navigation'

/**
 * Links between screens, in one place so every screen spells a route the same way. Each screen owns
 * its parameters; the shared ones (source and scope) are carried along by `navigate`/`hrefTo`.
 */

/** An id as the case file route and query take it: strings as they are, ObjectIds as 24 hex digits. */
export function idText(id: DocumentId): string {
  return typeof id === 'string' ? id : id.toHexString()
}

/** `#/customers/<id>`: one customer's case file (`session` opens one of their sessions). */
export function caseFileHref(userId: DocumentId, session?: DocumentId): string {
  return hrefTo(
    'customers',
    [idText(userId)],
    session === undefined ? {} : { session: idText(session) }
  )
}

export function openCaseFile(userId: DocumentId, session?: DocumentId): void {
  navigate('customers', [idText(userId)], session === undefined ? {} : { session: idText(session) })
}

/** `#/customers?q=…`: the customer search, with its text. */
export function openCustomerSearch(text?: string): void {
  navigate('customers', [], text ? { q: text } : {})
}

/** `#/flows?page=…&direction=from|to`: site flows from (or to) a page. */
export function flowsHref(page: string, direction: 'from' | 'to' = 'from'): string {
  return hrefTo('flows', [], { page, direction })
}
