import { AppError } from '../../../shared/errors'
import type { DataQualityReport } from '../../../shared/mapping/data-quality'
import type { FieldMapping } from '../../../shared/mapping/field-mapping'
import type { CallContext } from '../../../shared/rpc/contract'
import { DataQualityChecker } from './data-quality-checker'
import type { DocumentSource } from './document-sources'

/** Documents between progress reports. */
const PROGRESS_EVERY = 10_000

/**
 * Reads every document of the mapped collections (users, then sessions, then events) and reports
 * what is wrong with them. A mapped collection that does not exist is named before any reading.
 */
export async function checkDataQuality(
  source: DocumentSource,
  mapping: FieldMapping,
  context: CallContext,
  now: Date = new Date()
): Promise<DataQualityReport> {
  const wanted = [
    mapping.users?.collection,
    mapping.sessions?.collection,
    mapping.events.collection
  ]
  const names = wanted.filter((name): name is string => name !== undefined)
  const present = new Set(await source.collections())
  const missing = names.filter((name) => !present.has(name))
  if (missing.length > 0) {
    throw new AppError(
      'NOT_FOUND',
      `The mapping reads ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not there. Collections here: ${[...present].sort().join(', ') || 'none'}.`,
      { missing, collections: [...present] }
    )
  }
  const checker = new DataQualityChecker(mapping, now)
  const feed: [string | undefined, (document: unknown) => void][] = [
    [
      mapping.users?.collection,
      (d) => {
        checker.addUser(d)
      }
    ],
    [
      mapping.sessions?.collection,
      (d) => {
        checker.addSession(d)
      }
    ],
    [
      mapping.events.collection,
      (d) => {
        checker.addEvent(d)
      }
    ]
  ]
  for (const [collection, add] of feed) {
    if (collection === undefined) continue
    const total = await source.estimate(collection)
    const phase = `Checking ${collection}`
    context.reportProgress({ phase, done: 0, ...(total === undefined ? {} : { total }) })
    let done = 0
    for await (const document of source.documents(collection, context.signal)) {
      add(document)
      done += 1
      if (done % PROGRESS_EVERY === 0) {
        context.reportProgress({ phase, done, ...(total === undefined ? {} : { total }) })
      }
    }
    if (context.signal.aborted)
      throw new AppError('CANCELLED', 'The data-quality check was cancelled.')
    context.reportProgress({ phase, done, total: done })
  }
  return checker.report()
}
