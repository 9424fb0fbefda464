/** Why the visitor must not be tracked, when their browser says so. */
export type PrivacySignal = 'Do Not Track' | 'Global Privacy Control'

interface PrivacyNavigator {
  doNotTrack?: string | null
  globalPrivacyControl?: boolean
}

/** Do Not Track (`navigator.doNotTrack`, or the older `window.doNotTrack`) or Global Privacy Control. */
export function privacySignal(navigator: PrivacyNavigator, window: object): PrivacySignal | null {
  if (navigator.globalPrivacyControl === true) return 'Global Privacy Control'
  // Old Safari and IE put it on window.
  const dnt = navigator.doNotTrack ?? (window as { doNotTrack?: string | null }).doNotTrack
  return dnt === '1' || dnt === 'yes' ? 'Do Not Track' : null
}
