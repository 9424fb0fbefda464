import type { DocumentId } from '../../../shared/journeys/documents'
import { compareIds } from '../rules/compare-ids'
import { idKey } from '../rules/id-key'

/**
 * The distinct ids of one kind (users or sessions) seen while loading, each with an index. `freeze`
 * renumbers them in BSON order, so index order is the order MongoDB would sort them in.
 */
export class IdTable {
  ids: DocumentId[] = []
  private readonly indexByKey = new Map<string, number>()
  /** Files list a user's (or session's) documents together: remember the last string id. */
  private lastString: string | null = null
  private lastStringIndex = -1

  /** The index of an id, adding it when new. */
  add(id: DocumentId): number {
    if (typeof id === 'string' && id === this.lastString) return this.lastStringIndex
    const index = this.addByKey(id)
    if (typeof id === 'string') {
      this.lastString = id
      this.lastStringIndex = index
    }
    return index
  }

  private addByKey(id: DocumentId): number {
    const key = idKey(id)
    let index = this.indexByKey.get(key)
    if (index === undefined) {
      index = this.ids.length
      this.ids.push(id)
      this.indexByKey.set(key, index)
    }
    return index
  }

  /** The index of an id key (see `idKey`), or -1. */
  indexOfKey(key: string): number {
    return this.indexByKey.get(key) ?? -1
  }

  get size(): number {
    return this.ids.length
  }

  /**
   * Sorts the ids in BSON order and returns `newIndexOf[oldIndex]`, so callers can renumber what
   * they stored while loading.
   */
  freeze(): Int32Array {
    const order = this.ids.map((_, index) => index)
    const ids = this.ids
    order.sort((a, b) => compareIds(ids[a], ids[b]))
    const newIndexOf = new Int32Array(ids.length)
    const sorted: DocumentId[] = new Array<DocumentId>(ids.length)
    order.forEach((oldIndex, newIndex) => {
      newIndexOf[oldIndex] = newIndex
      sorted[newIndex] = ids[oldIndex] as DocumentId
    })
    this.ids = sorted
    this.lastString = null
    for (const [key, oldIndex] of this.indexByKey) {
      this.indexByKey.set(key, newIndexOf[oldIndex] as number)
    }
    return newIndexOf
  }
}
