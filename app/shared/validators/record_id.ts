import vine from '@vinejs/vine'

/**
 * A row id in a form, a query string or a message: a whole number from 1 up
 * to the largest exact JavaScript integer (inside PostgreSQL's bigint, the
 * type of every id column). `1e308` or `99999999999999999999` are refused on
 * their field (422) before any query, never a failing query (500). The
 * route parameter's counterpart is `recordId` (#shared/http/route_params).
 */
export const recordIdRule = () =>
  vine.number().withoutDecimals().min(1).max(Number.MAX_SAFE_INTEGER)
