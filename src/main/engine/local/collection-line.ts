import type { CollectionName } from '../../data/ndjson/collection-files'
import { checkDocumentShape, parseLine } from '../../data/ndjson/ndjson-reader'
import type { EventColumnsBuilder } from './columns/event-columns-builder'

const utf8 = new TextDecoder()

/** A line parsed as Extended JSON and checked against its collection's shape (errors name it). */
export function parseCollectionLine(
  path: string,
  collection: CollectionName,
  bytes: Uint8Array,
  start: number,
  end: number,
  line: number
): unknown {
  const document = parseLine(path, line, utf8.decode(bytes.subarray(start, end)))
  checkDocumentShape(path, collection, line, document)
  return document
}

/** Adds one line of an events file: from its bytes when it has the common shape, else parsed. */
export function addEventLine(
  events: EventColumnsBuilder,
  path: string,
  bytes: Uint8Array,
  start: number,
  end: number,
  line: number
): void {
  if (!events.addLine(bytes, start, end)) {
    events.addDocument(parseCollectionLine(path, 'events', bytes, start, end, line), line)
  }
}
