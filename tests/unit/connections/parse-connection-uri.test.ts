import { describe, expect, it } from 'vitest'
import {
  parseConnectionUri,
  redactUri,
  withPassword
} from '../../../src/main/services/connections/parse-connection-uri'

describe('parseConnectionUri', () => {
  it('takes the password out and keeps user, hosts, database and options', () => {
    const parsed = parseConnectionUri(
      'mongodb://analyst:s3cr%40t@db1.example:27017,db2.example:27018/shop?replicaSet=rs0&authSource=admin'
    )
    expect(parsed.password).toBe('s3cr@t')
    expect(parsed.defaultDatabase).toBe('shop')
    expect(parsed.uriWithoutPassword).toBe(
      'mongodb://analyst@db1.example:27017,db2.example:27018/shop?replicaSet=rs0&authSource=admin'
    )
    expect(parsed.uriWithoutPassword).not.toContain('s3cr')
  })

  it('puts the password back and redacts it for display', () => {
    const { uriWithoutPassword, password } = parseConnectionUri(
      'mongodb+srv://u:p%2Fw@cluster0.example.net/'
    )
    expect(withPassword(uriWithoutPassword, password)).toBe(
      'mongodb+srv://u:p%2Fw@cluster0.example.net/'
    )
    expect(redactUri(uriWithoutPassword, true)).toBe('mongodb+srv://u:*****@cluster0.example.net/')
  })

  it('rejects what is not a MongoDB connection string, with a clear message', () => {
    for (const bad of [
      'localhost:27017',
      'http://example.com',
      'mongodb://',
      'mongodb://host:notaport/'
    ]) {
      expect(() => parseConnectionUri(bad)).toThrow(
        expect.objectContaining({ code: 'INVALID_URI' }) as Error
      )
    }
    expect(() => parseConnectionUri('postgres://x')).toThrow(/starts with mongodb:\/\//)
  })
})
