import type { TablePaginationConfig } from 'antd'
import { formatCount } from '../../../shared/format'

/** Users listed per page in the drill-down panels (funnel steps, flow nodes and edges). */
export const USERS_PAGE_SIZE = 50

/** The pager of a users table read by offset: `1–50 of 537`, a page click moves the offset. */
export function usersTablePagination(
  offset: number,
  total: number,
  setOffset: (offset: number) => void
): TablePaginationConfig {
  return {
    current: Math.floor(offset / USERS_PAGE_SIZE) + 1,
    pageSize: USERS_PAGE_SIZE,
    total,
    showSizeChanger: false,
    showTotal: (all, [from, to]) =>
      `${formatCount(from)}–${formatCount(to)} of ${formatCount(all)}`,
    onChange: (page) => {
      setOffset((page - 1) * USERS_PAGE_SIZE)
    }
  }
}
