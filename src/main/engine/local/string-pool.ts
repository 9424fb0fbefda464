/** Interns strings: one shared instance per distinct value, and a dense code for each. */
export class StringPool {
  readonly values: string[] = []
  private readonly codes = new Map<string, number>()

  /** The code of a string, adding it when new. */
  intern(value: string): number {
    let code = this.codes.get(value)
    if (code === undefined) {
      code = this.values.length
      this.values.push(value)
      this.codes.set(value, code)
    }
    return code
  }

  /** The code of a known string, or -1. */
  codeOf(value: string): number {
    return this.codes.get(value) ?? -1
  }

  get size(): number {
    return this.values.length
  }
}
