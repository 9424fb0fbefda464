import { stat } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import type { UserDocument } from '../../../shared/journeys/documents'
import type { CustomerSearchQuery } from '../../../shared/journeys/query-schemas'
import type { CustomerSearchResult } from '../../../shared/journeys/results'
import type { CallContext } from '../../../shared/rpc/contract'
import { locateCollectionFiles } from '../../data/ndjson/collection-files'
import { checkDocumentShape, parseLine, toReadError } from '../../data/ndjson/ndjson-reader'
import { readLineBytes } from '../../data/ndjson/read-line-bytes'
import { CustomerSearchAccumulator } from '../reducers/customer-matcher'
import type { EngineQuery } from '../rules/engine-query'
import { idKey } from '../rules/id-key'
import { localDatasetOpensQuickly } from './local-dataset-cache'

const utf8 = new TextDecoder()

/**
 * A customer search of a folder whose data set is neither open nor cached, from its users file
 * (see searchUsersFile); null when the data set opens quickly, so the local engine answers.
 */
export async function searchFolderBeforeOpening(
  folder: string,
  query: EngineQuery<CustomerSearchQuery>,
  context: CallContext
): Promise<CustomerSearchResult | null> {
  if (await localDatasetOpensQuickly(folder)) return null
  const files = await locateCollectionFiles(folder)
  return searchUsersFile(files.users, query, context)
}

/**
 * Customer search in a folder's users file alone, for a folder whose data set is not open yet:
 * a search needs only the users' ids, names, emails and `lastActiveAt`, so no session or event is
 * read (opening the data set reads them all and builds the workspace cache). Same answer as the
 * local engine over the whole folder: the same line checks, duplicate ids refused, ties between
 * equal names broken by id in BSON order.
 */
export async function searchUsersFile(
  path: string,
  query: EngineQuery<CustomerSearchQuery>,
  context: CallContext
): Promise<CustomerSearchResult> {
  const search = new CustomerSearchAccumulator(query.text, query.limit)
  const seen = new Set<string>()
  let users = 0
  const size = Math.max((await stat(path)).size, 1)
  try {
    await readLineBytes(
      path,
      (bytes, start, end, line) => {
        const document = parseLine(path, line, utf8.decode(bytes.subarray(start, end)))
        checkDocumentShape(path, 'users', line, document)
        const user = document as UserDocument
        const key = idKey(user._id)
        if (seen.has(key)) {
          throw new AppError(
            'DATA_INVALID',
            `users, line ${line}: duplicate _id ${String(user._id)}`,
            {
              collection: 'users',
              line
            }
          )
        }
        seen.add(key)
        users++
        search.add(user)
      },
      {
        signal: context.signal,
        onChunk: (bytesRead) => {
          context.reportProgress({
            phase: 'Reading users',
            done: Math.round((bytesRead / size) * 100),
            total: 100,
            message: '%'
          })
        }
      }
    )
  } catch (error) {
    throw toReadError(path, error, context.signal)
  }
  if (context.signal.aborted) throw new AppError('CANCELLED', 'Cancelled')
  return {
    ...search.result(),
    plan: {
      strategy: 'local',
      steps: [],
      notes: [
        `Searched the ${users.toLocaleString('en-US')} users of ${path} without reading sessions or events: this folder is not open yet (its first analysis or case file reads every file and writes its workspace cache).`
      ]
    }
  }
}
