import { runCli } from './main'

/*
 * The command line as bundled by `npm run build` (out/main/cli.js): `bin/journey.mjs` runs it
 * when it is newer than the sources, skipping the TypeScript transform at every start.
 */
export { runCli }
