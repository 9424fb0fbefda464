/**
 * The app's security posture in one place, as data and pure decisions. The Electron shell applies
 * them (src/main/shell/harden-window.ts) and the web bridge sends the same CSP; tests check them.
 */

/** antd and React Flow set inline styles, so style-src needs 'unsafe-inline'; scripts never do. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'"
].join('; ')

export interface SecureWebPreferences {
  contextIsolation: true
  sandbox: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  webSecurity: true
  allowRunningInsecureContent: false
  webviewTag: false
  navigateOnDragDrop: false
  spellcheck: false
  preload: string
}

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    preload: preloadPath
  }
}

/** Links the app may open in the user's browser: documentation only, always https. */
export const EXTERNAL_LINK_ALLOWLIST: readonly string[] = [
  'www.mongodb.com',
  'docs.ferretdb.io',
  'github.com'
]

export function isAllowedExternalUrl(url: string): boolean {
  const parsed = safeUrl(url)
  if (parsed?.protocol !== 'https:' || parsed.username || parsed.password) return false
  return EXTERNAL_LINK_ALLOWLIST.includes(parsed.hostname)
}

/**
 * The renderer's own origin. Production loads `file://…/out/renderer/index.html`; development loads
 * the electron-vite dev server on loopback.
 */
export function isAppUrl(url: string, appEntryUrl: string): boolean {
  const target = safeUrl(url)
  const entry = safeUrl(appEntryUrl)
  if (!target || !entry) return false
  if (entry.protocol === 'file:')
    return target.protocol === 'file:' && target.pathname === entry.pathname
  return target.origin === entry.origin
}

/** Navigation inside the window is never allowed to leave the app's own page. */
export function isAllowedNavigation(url: string, appEntryUrl: string): boolean {
  return isAppUrl(url, appEntryUrl)
}

/** IPC is answered only for frames showing the app itself, never for foreign content. */
export function isTrustedIpcSender(
  senderFrameUrl: string | undefined,
  appEntryUrl: string
): boolean {
  return senderFrameUrl !== undefined && isAppUrl(senderFrameUrl, appEntryUrl)
}

/** What to do with `window.open` / target=_blank: never a new window; maybe the user's browser. */
export function decideWindowOpen(url: string): 'deny' | 'open-externally' {
  return isAllowedExternalUrl(url) ? 'open-externally' : 'deny'
}

/** Headers the web bridge sends with every response. */
export const WEB_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

function safeUrl(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}
