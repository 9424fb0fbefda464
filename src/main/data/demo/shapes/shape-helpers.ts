import { ObjectId } from 'bson'
import type { EventDocument } from '../../../../shared/journeys/documents'

export function idText(id: unknown): string {
  return id instanceof ObjectId ? id.toHexString() : String(id)
}

/** An event's metadata without the fields a shape renames (page URL, amount), and those fields. */
export function splitRoleFields(
  metadata: EventDocument['metadata'],
  options: { keepAmount?: boolean } = {}
): { pageUrl: unknown; amount: unknown; rest: Record<string, unknown> } {
  const { pageUrl, amount, ...rest } = metadata ?? {}
  if (options.keepAmount && amount !== undefined) rest.amount = amount
  return { pageUrl, amount, rest }
}
