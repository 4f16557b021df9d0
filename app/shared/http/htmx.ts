import type { HttpContext } from '@adonisjs/core/http'

type Request = HttpContext['request']
type Response = HttpContext['response']

/** The request headers that choose between a page and its fragment. */
const VARY = 'HX-Request, HX-Request-Type, HX-Boosted'

/**
 * Whether htmx asks for a part of a page. A boosted link or form and a
 * history restore swap the whole body, so they get the whole page: htmx 4
 * sends `HX-Request-Type: full` for them (and `partial` otherwise), htmx 2
 * sent `HX-Boosted: true`; both are honoured.
 */
export function wantsFragment(request: Request) {
  const headers = request.headers()
  return (
    headers['hx-request'] === 'true' &&
    headers['hx-request-type'] !== 'full' &&
    headers['hx-boosted'] !== 'true'
  )
}

/** Tells caches that this answer depends on the htmx headers (page or fragment). */
export function varyOnHtmx(response: Response) {
  response.append('Vary', VARY)
}

type Fragment = {
  /** The Edge partial the page itself renders (e.g. chat/_messages). */
  view: string
  state: () => Record<string, unknown> | Promise<Record<string, unknown>>
}

/**
 * The one way to answer with a page or, for htmx, only the fragment the
 * page is built from: the same partial renders in both, so they always
 * agree. `page` renders the whole page (with its layout) otherwise.
 */
export async function pageOrFragment(
  ctx: HttpContext,
  fragment: Fragment,
  page: () => Promise<unknown>
) {
  varyOnHtmx(ctx.response)
  if (wantsFragment(ctx.request)) return ctx.view.render(fragment.view, await fragment.state())
  return page()
}
