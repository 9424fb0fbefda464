import type { DocumentId } from '../../../shared/journeys/documents'
import type { UserContact } from '../../../shared/journeys/results'
import { contactOf } from '../rules/user-contacts'
import type { LocalDataset } from './local-dataset'

/** A user's name and email from the data set's columns (both null without a user document). */
export function localUserContact(dataset: LocalDataset, userId: DocumentId): UserContact {
  const u = dataset.users.indexOf(userId)
  if (u < 0) return contactOf(null)
  return contactOf({ name: dataset.userNames[u], email: dataset.userEmails[u] })
}
