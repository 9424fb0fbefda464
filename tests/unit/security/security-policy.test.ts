import { describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  WEB_SECURITY_HEADERS,
  decideWindowOpen,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isTrustedIpcSender,
  secureWebPreferences
} from '../../../src/main/security'

const FILE_ENTRY = 'file:///opt/journey/resources/app/out/renderer/index.html'
const DEV_ENTRY = 'http://localhost:5173/'

describe('window options', () => {
  it('isolate the renderer: context isolation, sandbox, no node', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs')
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
    expect(prefs.preload).toMatch(/\.cjs$/)
  })
})

describe('content security policy', () => {
  it('allows only own scripts and never eval or inline scripts', () => {
    const directives: Record<string, string> = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d): [string, string] => [d.split(' ')[0] ?? '', d])
    )
    expect(directives['script-src']).toBe("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    expect(directives['object-src']).toBe("object-src 'none'")
    expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'")
    expect(WEB_SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY)
  })
})

describe('navigation and window.open guards', () => {
  it('keep navigation on the app page only', () => {
    expect(isAllowedNavigation(FILE_ENTRY, FILE_ENTRY)).toBe(true)
    expect(isAllowedNavigation('file:///etc/passwd', FILE_ENTRY)).toBe(false)
    expect(isAllowedNavigation('https://evil.example/', FILE_ENTRY)).toBe(false)
    expect(isAllowedNavigation('http://localhost:5173/#/flows', DEV_ENTRY)).toBe(true)
    expect(isAllowedNavigation('http://localhost:5174/', DEV_ENTRY)).toBe(false)
    expect(isAllowedNavigation('not a url', FILE_ENTRY)).toBe(false)
  })

  it('never open a window; allowlisted https docs go to the browser', () => {
    expect(decideWindowOpen('https://www.mongodb.com/docs/manual/indexes/')).toBe('open-externally')
    expect(decideWindowOpen('http://www.mongodb.com/docs/')).toBe('deny')
    expect(decideWindowOpen('https://www.mongodb.com.evil.example/')).toBe('deny')
    expect(decideWindowOpen('https://user:pw@github.com/')).toBe('deny')
    expect(decideWindowOpen('javascript:alert(1)')).toBe('deny')
    expect(isAllowedExternalUrl('https://docs.ferretdb.io/')).toBe(true)
  })

  it('answer IPC only for frames showing the app', () => {
    expect(isTrustedIpcSender(FILE_ENTRY, FILE_ENTRY)).toBe(true)
    expect(isTrustedIpcSender('https://evil.example/', FILE_ENTRY)).toBe(false)
    expect(isTrustedIpcSender(undefined, FILE_ENTRY)).toBe(false)
  })
})
