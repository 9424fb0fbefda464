/** Bad input on the command line: printed as one line, exit code 2. */
export class CliInputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CliInputError'
  }
}
