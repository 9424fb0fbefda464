import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { FunnelStep } from '../../shared/journeys/query-schemas'
import { parseFunnelStepText } from '../../shared/funnels/funnel-step-text'
import { CliInputError } from './cli-input-error'

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>

/** Where the data is, and how to print: every query command takes these. */
export const SOURCE_OPTIONS = {
  data: { type: 'string' },
  uri: { type: 'string' },
  db: { type: 'string' },
  explain: { type: 'boolean' },
  progress: { type: 'boolean' },
  mapping: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies OptionSpecs

/** The source options plus the scope: date range and segment (funnels, flows, overview). */
export const SCOPE_OPTIONS = {
  ...SOURCE_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  'time-zone': { type: 'string' },
  browser: { type: 'string', multiple: true },
  os: { type: 'string', multiple: true },
  meta: { type: 'string', multiple: true }
} as const satisfies OptionSpecs

export const FORMAT_OPTION = { format: { type: 'string' } } as const satisfies OptionSpecs

/** `util.parseArgs`, strict, with its errors turned into one readable line. */
export function parseCommandLine<const O extends OptionSpecs>(
  args: string[],
  options: O
): ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
> {
  try {
    return parseArgs({
      args: joinNegativeValues(args, options),
      options,
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    throw new CliInputError(describeParseArgsError(error))
  }
}

/**
 * `--top -3`: parseArgs takes `-3` for an option and calls the value ambiguous. A negative number
 * after an option that takes a value is its value, so the range check can say what is allowed.
 */
function joinNegativeValues(args: string[], options: OptionSpecs): string[] {
  const joined: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const next = args[i + 1]
    const name = arg.startsWith('--') ? arg.slice(2) : null
    if (
      name !== null &&
      options[name]?.type === 'string' &&
      next !== undefined &&
      /^-\d/.test(next)
    ) {
      joined.push(`${arg}=${next}`)
      i++
    } else joined.push(arg)
  }
  return joined
}

function describeParseArgsError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown }).code
  const unknown = /Unknown option '([^']+)'/.exec(message)
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) return `unknown option ${unknown[1]}`
  const missingValue = /Option '([^']+?)(?: <value>)?' argument missing/.exec(message)
  const ambiguous = /Option '([^' ]+)[^']*' argument is ambiguous/.exec(message)
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && ambiguous) {
    const name = ambiguous[1] ?? 'the option'
    return `option ${name} needs a value (a value that starts with "-" goes as ${name}=-value)`
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && missingValue) {
    return `option ${missingValue[1]?.split(',').pop()?.trim()} needs a value`
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return message.split('\n')[0]?.replace(/^Option '([^']+)'/, 'option $1') ?? message
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const positional = /Unexpected argument '([^']+)'/.exec(message)
    return positional ? `unexpected argument ${positional[1]}` : message
  }
  return message.split('\n')[0] ?? message
}

/** A whole number within bounds. */
export function parseIntegerOption(
  name: string,
  text: string | undefined,
  bounds: { min: number; max?: number }
): number | undefined {
  if (text === undefined) return undefined
  if (!/^-?\d+$/.test(text.trim())) {
    throw new CliInputError(`--${name} must be a whole number, got "${text}"`)
  }
  const value = Number(text)
  if (value < bounds.min || (bounds.max !== undefined && value > bounds.max)) {
    const range =
      bounds.max === undefined ? `at least ${bounds.min}` : `${bounds.min}..${bounds.max}`
    throw new CliInputError(`--${name} must be ${range}, got ${value}`)
  }
  return value
}

/** One of a fixed set of words. */
export function parseChoiceOption<const T extends string>(
  name: string,
  text: string | undefined,
  choices: readonly T[]
): T | undefined {
  if (text === undefined) return undefined
  if (!(choices as readonly string[]).includes(text)) {
    throw new CliInputError(`--${name} must be one of ${choices.join(', ')}, got "${text}"`)
  }
  return text as T
}

/**
 * A funnel step. Event names are free text (`a`, `$pageview`, `Order Completed`):
 * - `TYPE`, `TYPE:/url` (exact page) or `TYPE:/prefix*` (page prefix): the name ends at the first
 *   `:`, which must be followed by a page (a path or a full URL);
 * - JSON, for names with a `:` or for a label: `{"eventType":"Order Completed","pageUrl":"/checkout*"}`
 *   (keys `eventType`, `pageUrl`, `label`).
 * The grammar is the shared one (`parseFunnelStepText`), so a funnel's link and the CLI agree.
 */
export function parseStepOption(text: string): FunnelStep {
  const parsed = parseFunnelStepText(text)
  if (!parsed.ok) throw new CliInputError(`bad --step ${parsed.message}`)
  return parsed.step
}

const WINDOW_UNITS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 }

/** The longest conversion window a funnel takes (the contract's limit), in days. */
export const MAX_WINDOW_DAYS = 366

/** A conversion window: `7d`, `12h`, `90m`, `3600s`, in seconds, from 1 s to 366 days. */
export function parseWindowOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const match = /^(\d+)([dhms])$/.exec(text.trim())
  const unit = match ? WINDOW_UNITS[match[2] ?? ''] : undefined
  if (!match || unit === undefined) {
    throw new CliInputError(`--window must look like 7d, 12h, 90m or 3600s, got "${text}"`)
  }
  const seconds = Number(match[1]) * unit
  if (seconds === 0) throw new CliInputError(`--window must be at least 1s, got ${text}`)
  if (seconds > MAX_WINDOW_DAYS * 86400) {
    throw new CliInputError(
      `--window can be at most ${MAX_WINDOW_DAYS}d (${(MAX_WINDOW_DAYS * 24).toLocaleString('en-US')}h), got ${text}`
    )
  }
  return seconds
}

/**
 * `--meta key=value`: numbers and true/false are typed as such (metadata stores them so); quote the
 * value to keep it text (`--meta 'code="42"'`).
 */
export function parseMetaOption(text: string): { key: string; value: string | number | boolean } {
  const equals = text.indexOf('=')
  if (equals <= 0) throw new CliInputError(`--meta must be key=value, got "${text}"`)
  const key = text.slice(0, equals)
  const raw = text.slice(equals + 1)
  if (/^".*"$/.test(raw)) return { key, value: raw.slice(1, -1) }
  if (raw === 'true' || raw === 'false') return { key, value: raw === 'true' }
  if (/^-?\d+(\.\d+)?$/.test(raw)) return { key, value: Number(raw) }
  return { key, value: raw }
}
