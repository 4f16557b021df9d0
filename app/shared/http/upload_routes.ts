import { routeNameSet } from '#shared/http/route_name_set'

/**
 * The only routes that read a multipart body (a form with a file). Anywhere
 * else a multipart body is never parsed: no field reaches the controller, no
 * byte reaches the disk. On these routes the body is read only after the
 * CSRF check and only for a signed-in user, and every file it wrote is
 * deleted when the request ends (#shared/middleware/uploads_middleware). Each
 * module lists its own.
 */
export const uploadRoutes = routeNameSet()

/**
 * Upload routes whose body may be larger than the multipart limit of
 * config/bodyparser.ts (a lesson's video): route name → limit ('1gb').
 */
export const uploadLimits = new Map<string, string>()
