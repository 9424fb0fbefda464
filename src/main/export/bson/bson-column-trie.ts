/** One step of a column path (`metadata` in `metadata.pageUrl`). */
export interface ColumnNode {
  /** The step's name as UTF-8, compared with a key's bytes. */
  readonly name: Uint8Array
  readonly children: Map<string, ColumnNode>
  /** The path is a column of the export (a leaf there has its column). */
  column: boolean
  /** Where the path's cell goes in a record: -1 when it is not written (not chosen, or no column). */
  written: number
  /**
   * A document with this key is read whole by the bson package: a `$` key may make a DBRef, and an
   * empty step is where `a.b` paths and keys stop matching one to one.
   */
  readonly readWhole: boolean
  /** The child seen at each element position of the last document (documents share a shape). */
  readonly order: (ColumnNode | undefined)[]
  /** The last document this key was seen in (seen twice in one: a duplicate key). */
  seenIn: number
}

/** The column paths as a tree of their steps, for reading documents key by key. */
export interface ColumnTrie {
  readonly root: ColumnNode
  /**
   * False when a path has a step every JS object inherits (`constructor`, `toString`, ...): the
   * path readers find something there even where a document has no such key, so every document
   * is read whole to write the same cells.
   */
  readonly byKeys: boolean
}

function node(name: string): ColumnNode {
  return {
    name: Buffer.from(name, 'utf8'),
    children: new Map(),
    column: false,
    written: -1,
    readWhole: name === '' || name.startsWith('$'),
    order: [],
    seenIn: -1
  }
}

/**
 * The trie of `columns` (every column of the export, as `compilePathReader` reads them: split on
 * dots), each written column marked with its position in `written`.
 */
export function columnTrie(columns: readonly string[], written: readonly string[]): ColumnTrie {
  const root = node('')
  let byKeys = true
  const nodeOf = (path: string): ColumnNode => {
    let at = root
    for (const step of path.split('.')) {
      if (step in Object.prototype) byKeys = false
      let child = at.children.get(step)
      if (!child) {
        child = node(step)
        at.children.set(step, child)
      }
      at = child
    }
    return at
  }
  for (const path of columns) nodeOf(path).column = true
  written.forEach((path, index) => {
    nodeOf(path).written = index
  })
  return { root, byKeys }
}
