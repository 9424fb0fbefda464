import type { Db, Document } from 'mongodb'
import { runCount, runPipeline, type Collections } from '../pipelines/mingo-runner'

/**
 * Just enough of a driver `Db` over in-memory collections, with mingo as the query engine, for the
 * MongoDB engines to run their real code paths in unit tests: `find` (with project, sort, limit),
 * `aggregate`, `countDocuments` and `listIndexes`, cursors read as one batch.
 */
export function mingoDb(collections: Collections, calls: string[] = []): Db {
  const collection = (name: string) => ({
    find(filter: Document) {
      calls.push(`${name}.find`)
      const stages: Document[] = [{ $match: filter }]
      const cursor = mingoCursor(() => runPipeline(collections, name, stages))
      return Object.assign(cursor, {
        project(projection: Document) {
          stages.push({ $project: projection })
          return cursor
        },
        sort(sort: Document) {
          stages.splice(1, 0, { $sort: sort })
          return cursor
        },
        limit(limit: number) {
          stages.push({ $limit: limit })
          return cursor
        }
      })
    },
    aggregate(pipeline: Document[]) {
      calls.push(`${name}.aggregate`)
      return mingoCursor(() => runPipeline(collections, name, pipeline))
    },
    countDocuments(filter: Document) {
      calls.push(`${name}.countDocuments`)
      return Promise.resolve(
        runCount(collections, { collection: name, operation: 'countDocuments', filter })
      )
    },
    listIndexes() {
      return { toArray: () => Promise.resolve([]) }
    }
  })
  return { collection, databaseName: 'mingo' } as unknown as Db
}

function mingoCursor(run: () => Document[]) {
  let documents: Document[] | null = null
  let closed = false
  return {
    hasNext(): Promise<boolean> {
      if (closed) return Promise.resolve(false)
      documents ??= run()
      return Promise.resolve(documents.length > 0)
    },
    readBufferedDocuments(): Document[] {
      const batch = documents ?? []
      documents = []
      return batch
    },
    close(): Promise<void> {
      closed = true
      return Promise.resolve()
    }
  }
}
