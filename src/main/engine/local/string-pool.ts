/** Interns strings: one shared instance per distinct value, and a dense code for each. */
export class StringPool {
  readonly values: string[]
  private codes: Map<string, number> | null = null

  /** A pool holding `values` (distinct) with codes 0..n-1. */
  constructor(values: readonly string[] = []) {
    this.values = [...values]
  }

  /** The code of a string, adding it when new. */
  intern(value: string): number {
    const codes = this.codeMap()
    let code = codes.get(value)
    if (code === undefined) {
      code = this.values.length
      this.values.push(value)
      codes.set(value, code)
    }
    return code
  }

  /** The code of a known string, or -1. */
  codeOf(value: string): number {
    return this.codeMap().get(value) ?? -1
  }

  get size(): number {
    return this.values.length
  }

  private codeMap(): Map<string, number> {
    this.codes ??= new Map(this.values.map((value, code) => [value, code]))
    return this.codes
  }
}
