import { AppError } from '../../../shared/errors'
import { MappingService } from '../../services/mapping/mapping-service'
import { parseCommandLine, SOURCE_OPTIONS } from '../parse-args'
import { dataSourceFrom } from '../scope-options'
import { CliInputError } from '../cli-input-error'
import { rejectPositionals, SOURCE_USAGE, type CliCommand } from './command'

const OPTIONS = { ...SOURCE_OPTIONS, details: { type: 'boolean' } } as const

export const mapCommand: CliCommand = {
  usage: `journey map [options]
  Samples every collection (every NAME.ndjson of a folder) and prints the proposed field mapping
  as JSON, ready to save and pass back as --mapping FILE.json. Exits 1, naming what it could not
  decide, when a required role stays open (the partial proposal is printed with --details).
  --details                  print the whole proposal: candidates per role, event names, notes
${SOURCE_USAGE}`,

  async run(args, context) {
    const { values, positionals } = parseCommandLine(args, OPTIONS)
    rejectPositionals(positionals)
    if (values.mapping !== undefined) {
      throw new CliInputError('map proposes a mapping; it does not take --mapping')
    }
    context.enableProgress(values.progress)
    const source = dataSourceFrom(values)
    const journeys = context.journeys()
    const mapping = new MappingService({
      demoFolder: context.demoFolder,
      database: (dataSource, callContext) => journeys.database(dataSource, callContext)
    })
    const proposal = await mapping.propose({ source }, context.callContext)
    if (values.details === true) context.writeResult(proposal, 'json')
    else if (proposal.mapping) context.writeResult(proposal.mapping, 'json')
    for (const note of proposal.notes) context.io.stderr.write(`note: ${note}\n`)
    if (!proposal.mapping) {
      throw new AppError(
        'QUERY_FAILED',
        `could not decide ${proposal.undecided.join('; ')}. Run with --details to see the candidates, then write the mapping by hand.`
      )
    }
  }
}
