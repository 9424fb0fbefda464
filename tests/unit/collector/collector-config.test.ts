import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  COLLECTOR_DEFAULTS,
  normaliseOrigin,
  parseRateLimit,
  readCollectorConfig
} from '../../../src/collector/collector-config'
import { CliInputError } from '../../../src/main/cli/cli-input-error'

const URI = 'mongodb://127.0.0.1:27017/'

describe('collector configuration', () => {
  it('reads the command line, with defaults for the rest', async () => {
    const config = await readCollectorConfig(
      ['--uri', URI, '--site', 'shop=https://Shop.example.com:443/, http://localhost:5180'],
      {}
    )
    expect(config).toEqual({
      ...COLLECTOR_DEFAULTS,
      uri: URI,
      database: 'shop',
      sites: [{ key: 'shop', origins: ['https://shop.example.com', 'http://localhost:5180'] }]
    })
  })

  it('takes the database from the URI and MONGODB_URI when --uri is absent', async () => {
    const config = await readCollectorConfig(['--site', 'a=http://a.test'], {
      MONGODB_URI: 'mongodb://db.internal:27017/analytics'
    })
    expect(config).toMatchObject({
      uri: 'mongodb://db.internal:27017/analytics',
      database: 'analytics'
    })
  })

  it('reads a JSON config file, command-line options winning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'collector-config-'))
    try {
      const file = join(dir, 'collector.json')
      await writeFile(
        file,
        JSON.stringify({
          uri: URI,
          database: 'events',
          port: 9000,
          sites: [{ key: 'shop', origins: ['https://shop.example.com'] }],
          rateLimit: { limit: 50, windowMs: 1000 },
          trustProxyHops: 1
        })
      )
      const config = await readCollectorConfig(
        ['--config', file, '--port', '0', '--max-body-kb', '16'],
        {}
      )
      expect(config).toMatchObject({
        database: 'events',
        port: 0,
        maxBodyBytes: 16 * 1024,
        rateLimit: { limit: 50, windowMs: 1000 },
        trustProxyHops: 1,
        sites: [{ key: 'shop', origins: ['https://shop.example.com'] }]
      })
      await writeFile(
        file,
        JSON.stringify({ sites: [{ key: 'x', origins: ['ftp://x'] }], prot: 1 })
      )
      await expect(readCollectorConfig(['--config', file, '--uri', URI], {})).rejects.toThrow(
        /--config .*collector\.json: sites\.0\.origins\.0: "ftp:\/\/x" is not an origin such as https:\/\/shop\.example\.com; Unrecognized key: "prot"/
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it.each([
    [[], '--uri is required (or MONGODB_URI, or "uri" in --config)'],
    [
      ['--uri', 'localhost:27017', '--site', 'a=http://a.test'],
      /^--uri: A connection string starts with mongodb:\/\//
    ],
    [['--uri', URI], /^name at least one site/],
    [['--uri', URI, '--site', 'shop'], '--site takes <key>=<origin>[,<origin>…], not "shop"'],
    [
      ['--uri', URI, '--site', 'shop=https://shop.test/path'],
      /"https:\/\/shop\.test\/path" is not an origin/
    ],
    [
      ['--uri', URI, '--site', 'a=http://a.test', '--site', 'a=http://b.test'],
      'site key "a" is given twice'
    ],
    [
      ['--uri', URI, '--site', 'a=http://a.test', '--port', '70000'],
      '--port must be a whole number from 0 to 65535, not "70000"'
    ],
    [
      ['--uri', URI, '--site', 'a=http://a.test', '--max-batch', '500'],
      '--max-batch must be a whole number from 1 to 100, not "500"'
    ],
    [
      ['--uri', URI, '--site', 'a=http://a.test', '--rate-limit', 'lots'],
      '--rate-limit takes N/PERIOD such as 600/min, not "lots"'
    ],
    [['--uri', URI, '--site', 'a=http://a.test', '--bogus'], 'unknown option --bogus']
  ])('refuses %j with a message saying what to fix', async (argv, message) => {
    const reading = readCollectorConfig(argv, {})
    await expect(reading).rejects.toBeInstanceOf(CliInputError)
    await expect(reading).rejects.toThrow(message)
  })

  it('returns null for --help', async () => {
    expect(await readCollectorConfig(['--help'], {})).toBeNull()
  })

  it('parses rates and origins', () => {
    expect(parseRateLimit('20/s')).toEqual({ limit: 20, windowMs: 1000 })
    expect(parseRateLimit('600 / min')).toEqual({ limit: 600, windowMs: 60_000 })
    expect(parseRateLimit('10000/hour')).toEqual({ limit: 10000, windowMs: 3_600_000 })
    expect(normaliseOrigin('HTTPS://Shop.Example.com')).toBe('https://shop.example.com')
    expect(normaliseOrigin('http://localhost:80')).toBe('http://localhost')
    expect(normaliseOrigin('https://shop.example.com/?q=1')).toBeNull()
    expect(normaliseOrigin('shop.example.com')).toBeNull()
  })
})
