/**
 * A row id in a URL: a positive integer of at most 15 digits, so it is
 * exact as a JavaScript number and inside PostgreSQL's bigint (every id
 * column is a bigint). Anything else does not match the route (a 404), never
 * a query that fails. `router.matchers.number()` accepts any length. It is
 * the global matcher of every `:id` parameter (#shared/routes).
 */
export const recordId = {
  match: /^[1-9]\d{0,14}$/,
  cast: (value: string) => Number(value),
}
