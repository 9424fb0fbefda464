/** Examples kept per finding, and customers kept so a screen can open them. */
const EXAMPLES = 5
const USERS = 20

/** Counts one kind of fault, keeping a few example ids and some of the customers affected. */
export class FindingTally {
  count = 0
  readonly examples: string[] = []
  private readonly users = new Set<string>()

  add(example: string | null, userId: string | null): void {
    this.count += 1
    if (example !== null && this.examples.length < EXAMPLES) this.examples.push(example)
    if (userId !== null && this.users.size < USERS) this.users.add(userId)
  }

  get userIds(): string[] {
    return [...this.users]
  }
}
