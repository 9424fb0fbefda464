import { spawn, type ChildProcess } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../src/main/app-paths'
import { SEED_MAPPING } from '../../src/shared/mapping/field-mapping'
import { decodeWire, encodeWire } from '../../src/shared/rpc/wire'
import { rawRequest } from '../unit/web/http-request'
import { generateFolder, type GeneratedFolder } from './journey-fixtures'

/*
 * The web mode as a user starts it (`src/main/web/start-web.ts`, the source `npm run web` bundles),
 * in its own process, with its stdout and stderr captured whole: after requests meant to get the
 * token logged (wrong tokens, the token in a URL, huge and broken bodies, traversal), the token
 * appears in one line only, the address handed to the user. And a busy port says what to do.
 */

interface WebProcess {
  child: ChildProcess
  output: { stdout: string; stderr: string }
  exited: Promise<number | null>
}

const entry = join(projectRoot(), 'src', 'main', 'web', 'start-web.ts')

function startWeb(args: string[], dataDir: string): WebProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', entry, '--data-dir', dataDir, ...args],
    {
      cwd: projectRoot(),
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8')
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8')
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { child, output, exited }
}

async function untilAddress(web: WebProcess): Promise<URL> {
  const deadline = Date.now() + 90_000
  for (;;) {
    const match = /Journey Workbench web mode: (http:\/\/\S+)/.exec(web.output.stdout)
    if (match?.[1]) return new URL(match[1])
    if (web.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`web mode did not start:\n${web.output.stdout}\n${web.output.stderr}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

let home: string
let web: WebProcess
let address: URL
let token: string
let data: GeneratedFolder
let broken: string

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'jw-web-process-'))
  data = await generateFolder({ users: 5, seed: 3 })
  // The folders this web mode opens: the generated one, and one with a broken events line.
  broken = join(home, 'broken')
  await mkdir(broken)
  for (const name of ['users', 'sessions']) {
    await writeFile(
      join(broken, `${name}.ndjson`),
      await readFile(join(data.folder, `${name}.ndjson`))
    )
  }
  await writeFile(
    join(broken, 'events.ndjson'),
    '{"_id": "e1", "userId": "carol.private@example.com", "sessionId": \n'
  )
  web = startWeb(
    ['--port', '0', '--folder', data.folder, '--folder', broken],
    join(home, 'settings')
  )
  address = await untilAddress(web)
  token = new URLSearchParams(address.hash.slice(1)).get('token') ?? ''
}, 120_000)

afterAll(async () => {
  if (web.child.exitCode === null) web.child.kill('SIGKILL')
  await data.remove()
  await rm(home, { recursive: true, force: true })
})

function call(path: string, body: string, headers: Record<string, string> = {}) {
  return rawRequest({
    port: Number(address.port),
    method: 'POST',
    path,
    headers: { Host: address.host, Authorization: `Bearer ${token}`, ...headers },
    body
  })
}

const request = (method: string, input: unknown): string =>
  JSON.stringify({
    requestId: `w${Math.random().toString(36).slice(2)}`,
    payload: encodeWire(input)
  })

describe('web mode in its own process', () => {
  it('hands over an address on 127.0.0.1 with a long token in the fragment', () => {
    expect(address.hostname).toBe('127.0.0.1')
    expect(token.length).toBeGreaterThanOrEqual(32)
  })

  it('answers a real call', async () => {
    const response = await call('/api/rpc/connections.list', request('list', {}))
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toMatchObject({ response: { ok: true } })
  })

  it('queries only the folders it opened, and says nothing about any other', async () => {
    const overview = async (path: string) => {
      const response = await call(
        '/api/rpc/journeys.overview',
        request('overview', { source: { kind: 'folder', path } })
      )
      expect(response.status).toBe(200)
      const lines = response.body.trim().split('\n')
      return (JSON.parse(lines.at(-1) ?? '') as { response: Record<string, unknown> }).response
    }
    // An opened folder answers, also named another way (a path resolving to it).
    const opened = await overview(join(data.folder, '..', basename(data.folder)))
    expect(opened.ok).toBe(true)
    expect(
      (decodeWire(opened.result as string) as { totals: { users: number } }).totals.users
    ).toBeGreaterThan(0)
    // A folder that exists with data, a folder inside an opened one, the settings folder, and one
    // that does not exist: one and the same refusal, before anything is read.
    const notOpened = [
      join(home, 'settings'),
      join(data.folder, 'inner'),
      home,
      join(home, 'no-such-folder'),
      '/etc'
    ]
    for (const path of notOpened) {
      expect(await overview(path), path).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: `The folder ${path} was not opened in this app, so it is not read. Open it when starting the web mode (npm run web -- --folder <path>), or use the journey command line.`
        }
      })
    }
    const copyOfOpened = join(home, 'copy')
    await mkdir(copyOfOpened)
    await writeFile(
      join(copyOfOpened, 'events.ndjson'),
      await readFile(join(data.folder, 'events.ndjson'))
    )
    expect(((await overview(copyOfOpened)).error as { code: string }).code).toBe('FORBIDDEN')
    // Exports read through the same rule.
    const exported = await call(
      '/api/rpc/export.preview',
      request('preview', {
        request: { kind: 'customers', source: { kind: 'folder', path: home }, text: 'a' }
      })
    )
    expect(exported.body).toContain('FORBIDDEN')
    // And so does the mapping service, which samples a folder's first lines.
    for (const channel of ['propose', 'checkDataQuality']) {
      const mapped = await call(
        `/api/rpc/mapping.${channel}`,
        request(channel, {
          source: { kind: 'folder', path: home },
          ...(channel === 'propose' ? {} : { mapping: SEED_MAPPING })
        })
      )
      expect(mapped.body, channel).toContain('FORBIDDEN')
      expect(mapped.body, channel).not.toContain('carol')
    }
  })

  it('never echoes a data file line over the bridge', async () => {
    const response = await call(
      '/api/rpc/journeys.overview',
      request('overview', { source: { kind: 'folder', path: broken } })
    )
    expect(response.status).toBe(200)
    // NDJSON: progress lines, then the reply.
    const lines = response.body.trim().split('\n')
    const reply = JSON.parse(lines.at(-1) ?? '') as {
      response: { ok: boolean; error?: { code: string; message: string } }
    }
    expect(reply.response.ok).toBe(false)
    expect(reply.response.error?.code).toBe('DATA_INVALID')
    expect(reply.response.error?.message).toBe(
      `${join(broken, 'events.ndjson')}, line 1: not valid Extended JSON: the line ends before its JSON does (cut off, or a value split over two lines?).`
    )
    expect(response.body).not.toContain('carol')
  })

  it('writes the token in one line only, whatever requests try', async () => {
    const port = Number(address.port)
    await call('/api/rpc/connections.list', request('list', {}), {
      Authorization: `Bearer ${token}x`
    })
    await call(`/api/rpc/connections.list?token=${token}`, request('list', {}))
    await call(`/api/${token}`, '{}')
    await call('/api/rpc/journeys.overview', '{"requestId": "x", ')
    await call('/api/rpc/journeys.overview', 'x'.repeat(17 * 1024 * 1024))
    await rawRequest({ port, path: `/../${token}`, headers: { Host: address.host } })
    await rawRequest({ port, path: `/${token}.js`, headers: { Host: `evil.example:${port}` } })
    web.child.kill('SIGTERM')
    expect(await web.exited).toBe(0)
    const lines = `${web.output.stdout}\n${web.output.stderr}`.split('\n')
    const withToken = lines.filter((line) => line.includes(token))
    expect(withToken).toEqual([`Journey Workbench web mode: ${address.href}`])
  })
})

describe('web mode on a busy port', () => {
  it('says the port is taken and how to pick another, and exits 1', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as AddressInfo).port
    try {
      const busy = startWeb(['--port', String(port)], join(home, 'busy'))
      expect(await busy.exited).toBe(1)
      expect(busy.output.stderr).toBe(
        `journey web: Port ${port} is already in use (another Journey Workbench, or another server?). Stop it, or pick another port: --port 0 takes any free one.\n`
      )
      expect(busy.output.stdout).toBe('')
    } finally {
      blocker.close()
    }
  }, 120_000)

  it('refuses a port that is not a number, exit 2', async () => {
    const bad = startWeb(['--port', 'eighty'], join(home, 'bad'))
    expect(await bad.exited).toBe(2)
    expect(bad.output.stderr).toBe(
      'journey web: --port must be a number from 0 to 65535 (0 picks a free one), not "eighty"\n'
    )
  }, 120_000)
})
