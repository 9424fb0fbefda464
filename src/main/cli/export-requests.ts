import { EXPORT_COLLECTIONS } from '../../shared/export/export-request'
import { CliInputError } from './cli-input-error'
import { parseChoiceOption, type OptionSpecs } from './parse-args'
import { parseDateOption } from './parse-date-option'
import {
  FLOW_FLAGS,
  FLOW_OPTIONS,
  FLOW_USAGE,
  flowQueryFrom,
  FUNNEL_FLAGS,
  FUNNEL_OPTIONS,
  FUNNEL_USAGE,
  FUNNEL_USERS_FLAGS,
  FUNNEL_USERS_OPTIONS,
  FUNNEL_USERS_USAGE,
  funnelQueryFrom,
  funnelUsersOptionsFrom,
  OVERVIEW_FLAGS,
  OVERVIEW_OPTIONS,
  OVERVIEW_USAGE,
  overviewQueryFrom
} from './query-options'
import { dataSourceFrom } from './scope-options'
import { SCOPE_FLAGS } from './validate-input'

/** Parsed option values, as `util.parseArgs` returns them. */
type Values = Record<string, string | boolean | string[] | undefined>

/** One `journey export <kind>`: its own options and how they become an export request. */
export interface CliExportKind {
  name: string
  summary: string
  /** The kind's arguments and options, for its usage text. */
  usage: string
  /** True when the kind takes the date range and segment options. */
  scoped: boolean
  options: OptionSpecs
  /** Schema paths to the flags that set them, for error messages. */
  flags: Record<string, string>
  /** The export request (validated by the caller against the export schema). */
  request(values: Values, positionals: string[]): unknown
}

function only(positionals: string[], count: number, what: string): string[] {
  if (positionals.length < count) throw new CliInputError(`needs ${what}`)
  const extra = positionals[count]
  if (extra !== undefined) throw new CliInputError(`unexpected argument ${extra}`)
  return positionals
}

const text = (values: Values, name: string): string | undefined => {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

export const CLI_EXPORT_KINDS: readonly CliExportKind[] = [
  {
    name: 'case-file',
    summary: "a customer's events (or, with --sessions, their sessions)",
    usage: `case-file <userId> [--sessions]
  --sessions                 one row per session instead of one per event`,
    scoped: false,
    options: { sessions: { type: 'boolean' } },
    flags: { ...SCOPE_FLAGS, userId: '<userId>' },
    request(values, positionals) {
      const [userId] = only(positionals, 1, 'a user id: journey export case-file <userId>')
      return {
        kind: values.sessions === true ? 'caseFileSessions' : 'caseFileEvents',
        source: dataSourceFrom(values),
        userId
      }
    }
  },
  {
    name: 'funnel-users',
    summary: 'every user who reached, or dropped off at, a funnel step, with step times',
    usage: `funnel-users --step ... --users reached|dropped --at-step K
${FUNNEL_USAGE}
  --breakdown browser|os     with --group: the users of one breakdown group
${FUNNEL_USERS_USAGE}`,
    scoped: true,
    options: { ...FUNNEL_OPTIONS, ...FUNNEL_USERS_OPTIONS },
    flags: { ...FUNNEL_FLAGS, ...FUNNEL_USERS_FLAGS },
    request(values, positionals) {
      only(positionals, 0, '')
      const query = funnelQueryFrom(values)
      const users = funnelUsersOptionsFrom(values, query.steps.length)
      if (!users) throw new CliInputError('needs --users reached|dropped and --at-step K')
      return { kind: 'funnelUsers', ...query, ...users }
    }
  },
  {
    name: 'flows',
    summary: 'the edges of a flows result (step, from page, to page, sessions, users)',
    usage: `flows --from-page <url> | --to-page <url>
${FLOW_USAGE}`,
    scoped: true,
    options: FLOW_OPTIONS,
    flags: FLOW_FLAGS,
    request(values, positionals) {
      only(positionals, 0, '')
      return { kind: 'flowEdges', ...flowQueryFrom(values) }
    }
  },
  {
    name: 'flow-users',
    summary: 'the users (and their sessions) behind one node or edge of a flows result',
    usage: `flow-users --from-page <url> | --to-page <url> (--node ID | --source ID --target ID)
${FLOW_USAGE}
  --node ID                  a node, as step:page (e.g. 1:/cart)
  --source ID --target ID    an edge, from node to node`,
    scoped: true,
    options: {
      ...FLOW_OPTIONS,
      node: { type: 'string' },
      source: { type: 'string' },
      target: { type: 'string' }
    },
    flags: { ...FLOW_FLAGS, selection: '--node/--source/--target' },
    request(values, positionals) {
      only(positionals, 0, '')
      const node = text(values, 'node')
      const source = text(values, 'source')
      const target = text(values, 'target')
      let selection
      if (node !== undefined && source === undefined && target === undefined) {
        selection = { kind: 'node', id: node }
      } else if (node === undefined && source !== undefined && target !== undefined) {
        selection = { kind: 'edge', source, target }
      } else {
        throw new CliInputError('give --node ID, or --source ID and --target ID')
      }
      return { kind: 'flowUsers', ...flowQueryFrom(values), selection }
    }
  },
  {
    name: 'search',
    summary: 'every customer matching a search (id, or a prefix of name or email)',
    usage: 'search <text>',
    scoped: false,
    options: {},
    flags: { ...SCOPE_FLAGS, text: '<text>' },
    request(values, positionals) {
      const [searchText] = only(positionals, 1, 'a text: journey export search <text>')
      return { kind: 'customers', source: dataSourceFrom(values), text: searchText }
    }
  },
  {
    name: 'overview',
    summary: "the overview's daily table (or, with --table top-pages, its top pages)",
    usage: `overview [--table days|top-pages]
  --table days|top-pages     default days
${OVERVIEW_USAGE}`,
    scoped: true,
    options: { ...OVERVIEW_OPTIONS, table: { type: 'string' } },
    flags: OVERVIEW_FLAGS,
    request(values, positionals) {
      only(positionals, 0, '')
      const table = parseChoiceOption('table', text(values, 'table'), ['days', 'top-pages'])
      return {
        kind: table === 'top-pages' ? 'overviewTopPages' : 'overviewDays',
        ...overviewQueryFrom(values)
      }
    }
  },
  {
    name: 'collection',
    summary: 'raw users, sessions or events in a date range (nested fields as a.b)',
    usage: `collection users|sessions|events [--from <date>] [--to <date>]
  --from <date> --to <date>  on createdAt (users), startTime (sessions), timestamp (events)
  --time-zone <zone>         IANA zone of --from/--to without an offset (default UTC)`,
    scoped: false,
    options: { from: { type: 'string' }, to: { type: 'string' }, 'time-zone': { type: 'string' } },
    flags: { ...SCOPE_FLAGS, collection: 'users|sessions|events' },
    request(values, positionals) {
      const [name] = only(positionals, 1, 'a collection: users, sessions or events')
      const collection = parseChoiceOption('collection', name, EXPORT_COLLECTIONS)
      const timeZone = text(values, 'time-zone') ?? 'UTC'
      const from = parseDateOption('from', text(values, 'from'), timeZone)
      const to = parseDateOption('to', text(values, 'to'), timeZone)
      if (from && to && from >= to) throw new CliInputError('--from must be before --to')
      return {
        kind: 'collection',
        source: dataSourceFrom(values),
        collection,
        range: { ...(from ? { from } : {}), ...(to ? { to } : {}) }
      }
    }
  }
]
