import type { Random } from './seeded-random'
import { createWeightedPicker } from './weighted-sampler'

export interface DemoDevice {
  browser: string
  os: string
  mobile: boolean
  /** The address sessions on this device usually come from (mobile ones move about). */
  homeIp: string
}

const pickBrowserAndOs = createWeightedPicker<readonly [string, string]>([
  [['Chrome', 'Windows'], 22],
  [['Edge', 'Windows'], 8],
  [['Firefox', 'Windows'], 3],
  [['Safari', 'macOS'], 8],
  [['Chrome', 'macOS'], 7],
  [['Firefox', 'macOS'], 1.5],
  [['Safari', 'iOS'], 22],
  [['Chrome', 'iOS'], 4],
  [['Chrome', 'Android'], 18],
  [['Samsung Internet', 'Android'], 5],
  [['Firefox', 'Android'], 1],
  [['Firefox', 'Linux'], 1.5],
  [['Chrome', 'Linux'], 1.5]
])

export function makeDemoDevice(random: Random): DemoDevice {
  const [browser, os] = pickBrowserAndOs(random)
  return { browser, os, mobile: os === 'iOS' || os === 'Android', homeIp: makeDemoIp(random) }
}

/** The device a crawler claims to be. */
export function makeBotDevice(random: Random): DemoDevice {
  return { browser: 'Chrome', os: 'Linux', mobile: false, homeIp: makeDemoIp(random) }
}

/** The address of one session: desktops stay home, phones often use another network. */
export function sessionIp(device: DemoDevice, random: Random): string {
  return device.mobile && random.chance(0.4) ? makeDemoIp(random) : device.homeIp
}

/** Documentation and private ranges only (RFC 5737, RFC 1918, RFC 3849): never a real person's. */
function makeDemoIp(random: Random): string {
  const kind = random.next()
  const octet = (): number => random.int(1, 254)
  if (kind < 0.2) return `192.0.2.${octet()}`
  if (kind < 0.4) return `198.51.100.${octet()}`
  if (kind < 0.6) return `203.0.113.${octet()}`
  if (kind < 0.75) return `192.168.${random.int(0, 20)}.${octet()}`
  if (kind < 0.9) return `10.${random.int(0, 255)}.${random.int(0, 255)}.${octet()}`
  const group = (): string => random.int(0, 0xffff).toString(16)
  return `2001:db8:${group()}:${group()}::${group()}`
}
