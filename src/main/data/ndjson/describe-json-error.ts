/**
 * What is wrong with a line that `JSON.parse` refused, in words that point at the spot (column) but
 * never quote the line: V8's own messages echo a slice of the input, and a data file's lines may
 * hold personal data that must not travel into error envelopes, logs or a web page.
 */
export function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : ''
  const position = /at position (\d+)/.exec(message)?.[1]
  const column = position === undefined ? firstSuspectColumn(text) : Number(position) + 1
  const where = column === null ? '' : ` at column ${column}`
  if (message.includes('Unexpected end of JSON input')) {
    return 'the line ends before its JSON does (cut off, or a value split over two lines?)'
  }
  if (message.includes('Unterminated string')) return `a string is not closed${where}`
  if (message.includes('Bad control character')) {
    return `a string holds a raw control character (write it as \\n, \\t or \\u00XX)${where}`
  }
  if (/Bad escaped character|Bad Unicode escape/.test(message)) {
    return `a string has a bad escape sequence${where}`
  }
  if (message.includes('Expected property name')) {
    return `expected a property name in double quotes${where}`
  }
  if (message.includes("Expected ',' or '}'")) return `expected , or } after a value${where}`
  if (message.includes("Expected ',' or ']'"))
    return `expected , or ] after an array element${where}`
  if (message.includes("Expected ':'")) return `expected : after a property name${where}`
  if (message.includes('Unexpected non-whitespace character after JSON')) {
    return `something follows the document on the same line${where}`
  }
  return `unexpected character${where}`
}

/** Where the first character that cannot start or continue JSON sits, 1-based; null if none. */
function firstSuspectColumn(text: string): number | null {
  const trimmed = text.search(/\S/)
  if (trimmed < 0) return null
  const first = text[trimmed] ?? ''
  return '{["-0123456789tfn'.includes(first) ? null : trimmed + 1
}
