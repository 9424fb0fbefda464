/**
 * The layout of an event document: its top-level keys in order and, when `metadata` is a plain
 * object, its keys in order (`metadata` null otherwise). Rebuilding a document from the columns in
 * this order gives back the keys in the order of the file.
 */
export interface DocumentShape {
  keys: string[]
  metadata: string[] | null
}

/** Marks the start of the metadata keys in a signature; an opaque metadata value is `OPAQUE`. */
export const SIGNATURE_METADATA = -1
export const SIGNATURE_OPAQUE = -2

/**
 * Distinct shapes, each with a dense id. A shape arrives as a signature: the codes of the top-level
 * keys, then `SIGNATURE_METADATA` and the codes of the metadata keys (codes from the builders' key
 * tables), so a line's shape is found without building a string.
 */
export class ShapeTable {
  readonly shapes: DocumentShape[] = []
  private readonly signatures: Int32Array[] = []
  private readonly byHash = new Map<number, number[]>()
  private lastId = -1

  /** `describe` builds the shape of a signature seen for the first time. */
  constructor(
    private readonly describe: (signature: Int32Array, length: number) => DocumentShape
  ) {}

  /** The id of a signature `signature[0..length)`. */
  idOf(signature: Int32Array, length: number): number {
    const last = this.lastId
    if (last >= 0 && sameSignature(this.signatures[last] as Int32Array, signature, length)) {
      return last
    }
    let hash = 17
    for (let k = 0; k < length; k++) hash = Math.imul(hash, 31) + (signature[k] as number)
    let candidates = this.byHash.get(hash)
    if (candidates) {
      for (const id of candidates) {
        if (sameSignature(this.signatures[id] as Int32Array, signature, length)) {
          this.lastId = id
          return id
        }
      }
    } else {
      candidates = []
      this.byHash.set(hash, candidates)
    }
    const id = this.shapes.length
    this.shapes.push(this.describe(signature, length))
    this.signatures.push(signature.slice(0, length))
    candidates.push(id)
    this.lastId = id
    return id
  }

  /** The signature of shape `id`. */
  signatureOf(id: number): Int32Array {
    return this.signatures[id] as Int32Array
  }
}

function sameSignature(stored: Int32Array, signature: Int32Array, length: number): boolean {
  if (stored.length !== length) return false
  for (let k = 0; k < length; k++) if (stored[k] !== signature[k]) return false
  return true
}
