import { execFile } from 'node:child_process'
import { cp, mkdtemp, rm, writeFile, chmod, mkdir, rename } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { findOnPath } from './find-on-path'

const run = promisify(execFile)

export const FERRETDB_VERSION = 'v1.24.2'
const FERRETDB_MODULE = `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`
/** Used when the machine's own Go cannot build this FerretDB release. */
const FALLBACK_TOOLCHAIN = 'go1.24.3'
const BUILD_TIMEOUT_MS = 15 * 60_000
const GO_TARBALL_PATH = '/usr/local/go/bin/go'

/** Outside the repository, so `git clean` and fresh clones keep the built binary. */
export function cacheDir(): string {
  return process.env.JOURNEY_CACHE_DIR ?? join(homedir(), '.cache', 'journey-workbench')
}

export function cachedFerretdbPath(): string {
  return join(cacheDir(), 'bin', 'ferretdb')
}

/** The cached FerretDB binary, built from source with Go first if needed. */
export async function ensureFerretdbBinary(log: (line: string) => void): Promise<string> {
  const binary = cachedFerretdbPath()
  if (existsSync(binary)) return binary
  // The official Go tarball installs to /usr/local/go, often without adding it to PATH.
  const go = findOnPath('go') ?? (existsSync(GO_TARBALL_PATH) ? GO_TARBALL_PATH : undefined)
  if (!go) throw new Error(`no FerretDB binary at ${binary} and no \`go\` on PATH to build one`)
  log(
    `building FerretDB ${FERRETDB_VERSION} into ${binary} (once; needs Go and the Go module proxy)`
  )
  try {
    await buildFerretdb(go, binary, {})
  } catch (firstError) {
    log(`the default Go toolchain failed; retrying with GOTOOLCHAIN=${FALLBACK_TOOLCHAIN}`)
    try {
      await buildFerretdb(go, binary, { GOTOOLCHAIN: FALLBACK_TOOLCHAIN })
    } catch (secondError) {
      throw new Error(
        `building FerretDB failed:\n${errorText(firstError)}\n${errorText(secondError)}`
      )
    }
  }
  return binary
}

async function buildFerretdb(
  go: string,
  binary: string,
  extraEnv: NodeJS.ProcessEnv
): Promise<void> {
  const env = { ...process.env, ...extraEnv }
  const options = { env, timeout: BUILD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }
  const { stdout } = await run(go, ['mod', 'download', '-json', FERRETDB_MODULE], options)
  const moduleDir = (JSON.parse(stdout) as { Dir?: string }).Dir
  if (!moduleDir) throw new Error(`go mod download gave no directory for ${FERRETDB_MODULE}`)

  const work = await mkdtemp(join(tmpdir(), 'ferretdb-build-'))
  try {
    const source = join(work, 'src')
    await cp(moduleDir, source, { recursive: true })
    await makeWritable(source)
    // The module zip ships an empty version.txt, and a FerretDB built with it panics at start.
    await writeFile(join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`)
    const partial = join(work, 'ferretdb')
    await run(go, ['build', '-o', partial, './cmd/ferretdb'], { ...options, cwd: source })
    await mkdir(join(cacheDir(), 'bin'), { recursive: true })
    // Build next to the cache, then rename: a half-written binary is never left at the cached path.
    const staged = `${binary}.partial-${String(process.pid)}`
    await cp(partial, staged)
    await chmod(staged, 0o755)
    await rename(staged, binary)
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

async function makeWritable(dir: string): Promise<void> {
  // Files from the Go module cache are read-only.
  await run('chmod', ['-R', 'u+w', dir])
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const stderr = (error as { stderr?: unknown }).stderr
    const detail = typeof stderr === 'string' ? stderr.slice(-2_000) : ''
    return detail ? `${error.message.split('\n')[0] ?? ''}\n${detail}` : error.message
  }
  return String(error)
}
