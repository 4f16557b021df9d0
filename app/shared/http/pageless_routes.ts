import { routeNameSet } from '#shared/http/route_name_set'

/**
 * Routes that never render a page (an SSE stream, JSON for the page's own
 * scripts): they never write the session back, and the current-user
 * middleware skips the identities query for them. (The header's counts need
 * no opt-out: they load only when the layout renders, layout_data.ts.) Each
 * module lists its own.
 */
export const pagelessRoutes = routeNameSet()

/**
 * Routes that render no page but act as the visitor's active identity (a
 * lesson's video, a fragment polled while a video is processed): their
 * session is never written back either, but the identities are loaded.
 */
export const sessionReadOnlyRoutes = routeNameSet()
