/**
 * The sessions of a flow kept as numbers: each session's path as codes of its raw pages (interned
 * by value) and its user as a code (interned by value, numbered in order of first arrival). The
 * flow is counted once at the end over these arrays, instead of a map lookup per step and a set of
 * users per node and edge while sessions arrive (which grew with the data set: on 10 M events the
 * user sets and maps took most of a flows query).
 */
export class FlowPathStore<U> {
  /** Raw page of each code. */
  readonly pages: string[] = []
  /** Sessions stored. */
  count = 0
  /** Codes of session n's path (steps 0..k): `codes[starts[n] .. starts[n + 1])`. */
  codes: Int32Array = new Int32Array(1024)
  starts: Int32Array = new Int32Array(1024)
  /** User code of session n. */
  users: Int32Array = new Int32Array(1024)
  private readonly pageCodes = new Map<string, number>()
  private readonly userCodes = new Map<U, number>()
  private lastUser: U | undefined = undefined
  private lastUserCode = -1
  /** Whether every user's sessions arrived one after another (user codes never go back). */
  private grouped = true

  /** Distinct users over the stored sessions. */
  get userCount(): number {
    return this.userCodes.size
  }

  add(path: readonly string[], user: U): void {
    const n = this.count
    const from = this.starts[n] as number
    if (n + 2 > this.starts.length) {
      this.starts = grown(this.starts, n + 2)
      this.users = grown(this.users, n + 2)
    }
    if (from + path.length > this.codes.length) this.codes = grown(this.codes, from + path.length)
    for (let j = 0; j < path.length; j++) this.codes[from + j] = this.codeOf(path[j] as string)
    this.starts[n + 1] = from + path.length
    this.users[n] = this.userCodeOf(user)
    this.count = n + 1
  }

  /**
   * Session indexes with each user's sessions together (the arrival order when users already came
   * so; otherwise a counting sort by user code, stable).
   */
  sessionsByUser(): Int32Array {
    const order = new Int32Array(this.count)
    if (this.grouped) {
      for (let n = 0; n < this.count; n++) order[n] = n
      return order
    }
    const next = new Int32Array(this.userCodes.size + 1)
    for (let n = 0; n < this.count; n++) {
      const slot = (this.users[n] as number) + 1
      next[slot] = (next[slot] as number) + 1
    }
    for (let u = 1; u < next.length; u++) next[u] = (next[u] as number) + (next[u - 1] as number)
    for (let n = 0; n < this.count; n++) {
      const user = this.users[n] as number
      const at = next[user] as number
      next[user] = at + 1
      order[at] = n
    }
    return order
  }

  private codeOf(page: string): number {
    let code = this.pageCodes.get(page)
    if (code === undefined) {
      code = this.pages.length
      this.pages.push(page)
      this.pageCodes.set(page, code)
    }
    return code
  }

  private userCodeOf(user: U): number {
    if (this.lastUserCode >= 0 && user === this.lastUser) return this.lastUserCode
    let code = this.userCodes.get(user)
    if (code === undefined) {
      code = this.userCodes.size
      this.userCodes.set(user, code)
    } else {
      // A user seen before, after someone else: their sessions are not together.
      this.grouped = false
    }
    this.lastUser = user
    this.lastUserCode = code
    return code
  }
}

function grown(array: Int32Array, length: number): Int32Array {
  const larger = new Int32Array(Math.max(length, array.length * 2))
  larger.set(array)
  return larger
}
