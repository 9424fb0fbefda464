import { ObjectId } from 'bson'
import type { DocumentId } from '../../../shared/journeys/documents'
import { compareByteRanges, decodeId, encodeId } from './columns/encoded-ids'

/**
 * The ids of users or sessions, numbered in BSON order, kept as their encoded bytes (see
 * `encodeId`): an id's index is found by binary search, and ids are decoded only when asked for.
 */
export class IdIndex {
  private decoded: DocumentId[] | null = null

  constructor(
    private readonly bytes: Uint8Array,
    private readonly offsets: Uint32Array
  ) {}

  get size(): number {
    return this.offsets.length - 1
  }

  /** Every id, in index order (decoded once, on first use). */
  get ids(): readonly DocumentId[] {
    if (!this.decoded) {
      const ids = new Array<DocumentId>(this.size)
      for (let k = 0; k < ids.length; k++) ids[k] = this.decode(k)
      this.decoded = ids
    }
    return this.decoded
  }

  /** The id at index k. */
  id(k: number): DocumentId {
    return this.decoded ? (this.decoded[k] as DocumentId) : this.decode(k)
  }

  /** The index of an id, or -1. */
  indexOf(id: unknown): number {
    const key = encodeId(id)
    if (!key) return -1
    let low = 0
    let high = this.size - 1
    while (low <= high) {
      const middle = (low + high) >>> 1
      const order = compareByteRanges(
        this.bytes,
        this.offsets[middle] as number,
        this.offsets[middle + 1] as number,
        key,
        0,
        key.length
      )
      if (order === 0) return middle
      if (order < 0) low = middle + 1
      else high = middle - 1
    }
    return -1
  }

  /** The index of an id given by its key (see `idKey`: `s:text`, `o:hex`, `n:number`), or -1. */
  indexOfKey(key: string): number {
    const value = key.slice(2)
    if (key.startsWith('s:')) return this.indexOf(value)
    if (key.startsWith('o:')) {
      return /^[0-9a-f]{24}$/.test(value) ? this.indexOf(ObjectId.createFromHexString(value)) : -1
    }
    if (key.startsWith('n:')) return this.indexOf(Number(value))
    return -1
  }

  private decode(k: number): DocumentId {
    return decodeId(this.bytes, this.offsets[k] as number, this.offsets[k + 1] as number)
  }
}
