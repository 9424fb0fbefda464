/**
 * Formatters for people (tables, screens): one rule for the CLI and the renderer alike. Machine
 * output (JSON, CSV) keeps raw numbers.
 */
export { formatCount } from './count'
export { formatDuration } from './duration'
export { formatMoney, formatMoneyAmounts } from './money'
export { formatPercent } from './percent'
export { formatTimeToConvert } from './time-to-convert'
