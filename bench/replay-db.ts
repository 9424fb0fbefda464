import type { Db, Document } from 'mongodb'

/** What one `find` returned, in the order the engine read it. */
export interface RecordedFind {
  collection: string
  filter: Document
  documents: Document[]
}

/**
 * A `Db` that runs every `find` on the real one and keeps a copy of each batch the engine reads
 * (`readBufferedDocuments`, as `drainCursor` does), so the same query can be replayed from memory.
 */
export function recordingDb(real: Db, records: RecordedFind[]): Db {
  return {
    databaseName: real.databaseName,
    collection: (name: string) => ({
      find: (filter: Document, options?: Document) => {
        const cursor = real.collection(name).find(filter, options)
        const record: RecordedFind = { collection: name, filter, documents: [] }
        records.push(record)
        return new Proxy(cursor, {
          get(target, property) {
            if (property === 'readBufferedDocuments') {
              return (count?: number) => {
                const batch = target.readBufferedDocuments(count)
                for (const document of batch) record.documents.push(document)
                return batch
              }
            }
            const value: unknown = Reflect.get(target, property, target)
            return typeof value === 'function' ? (value as () => unknown).bind(target) : value
          }
        })
      }
    })
  } as unknown as Db
}

/**
 * A `Db` that answers the engine's finds, in order, with recorded documents and no server: the
 * reducers' share of a query's time. It serves batches like a cursor (`batchSize` per round trip).
 */
export function replayDb(records: readonly RecordedFind[], batchSize = 5000): Db {
  let next = 0
  return {
    databaseName: 'replay',
    collection: (name: string) => ({
      find: () => {
        const record = records[next++]
        if (record?.collection !== name) {
          throw new Error(
            `replay: expected a find on ${record?.collection ?? 'nothing'}, got ${name}`
          )
        }
        return new MemoryCursor(record.documents, batchSize)
      }
    })
  } as unknown as Db
}

/** The part of a cursor `drainCursor` and `openFind` use. */
class MemoryCursor {
  private offset = 0

  constructor(
    private readonly documents: readonly Document[],
    private readonly batchSize: number
  ) {}

  project(): this {
    return this
  }

  sort(): this {
    return this
  }

  hasNext(): Promise<boolean> {
    return Promise.resolve(this.offset < this.documents.length)
  }

  readBufferedDocuments(): Document[] {
    const batch = this.documents.slice(this.offset, this.offset + this.batchSize)
    this.offset += batch.length
    return batch
  }

  close(): Promise<void> {
    return Promise.resolve()
  }
}
