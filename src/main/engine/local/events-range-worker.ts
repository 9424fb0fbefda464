import { parentPort, workerData } from 'node:worker_threads'
import { readLineBytes } from '../../data/ndjson/read-line-bytes'
import { addEventLine } from './collection-line'
import { ColumnLoad } from './columns/column-load'
import { snapshotBuffers, snapshotEventRange } from './columns/event-range-snapshot'
import type { EventsRangeMessage, EventsRangeRequest } from './events-range-messages'

/*
 * Worker thread: loads the events of `[start, end)` of a plain events file into columns with
 * tables of its own and posts them back (buffers transferred). Any failure is posted as such; the
 * main thread then reads the range itself, so a bad line fails with its own message and number.
 */
const request = workerData as EventsRangeRequest
const port = parentPort
if (port) {
  const post = (message: EventsRangeMessage, transfer: ArrayBuffer[] = []) => {
    port.postMessage(message, transfer)
  }
  const load = new ColumnLoad()
  readLineBytes(
    request.path,
    (bytes, start, end, line) => {
      addEventLine(load.events, request.path, bytes, start, end, line)
    },
    {
      start: request.start,
      end: request.end,
      onChunk: (bytesRead) => {
        post({ kind: 'progress', bytesRead })
      }
    }
  ).then(
    (lines) => {
      const range = snapshotEventRange(load.events, load.tables, lines)
      post({ kind: 'done', range }, snapshotBuffers(range))
    },
    (error: unknown) => {
      post({ kind: 'failed', message: String(error) })
    }
  )
}
