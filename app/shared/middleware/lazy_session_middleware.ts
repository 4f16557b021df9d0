import { Readable } from 'node:stream'
import edge from 'edge.js'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/** Where shield keeps the CSRF secret in the session. */
const CSRF_SECRET_KEY = 'csrf-secret'

/**
 * A visitor who came without a session cookie gets no session (no cookie, no
 * entry in the store) until something is written for them: shield puts a
 * CSRF secret in every session, but that secret matters only once a token
 * derived from it has been handed out (a form's `_csrf` field). So a fresh
 * session is committed only when it holds anything else, carries flash
 * messages, or the response handed out the token.
 *
 * Pages share `sessionless` (no cookie yet): the layout then leaves the token
 * out of its own markup (the htmx header, the language switch, which is
 * exempt from CSRF for such visitors) unless a form on the page asked for it.
 * Runs right after shield.
 */
export default class LazySessionMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const { session } = ctx
    if (!session.fresh) {
      ctx.view.share({ sessionless: false, csrfHandedOut: () => true })
      return next()
    }
    let handedOut = false
    ctx.view.share({
      sessionless: true,
      csrfHandedOut: () => handedOut,
      // shield's own field, noting that the token was handed out
      csrfField: () => {
        handedOut = true
        return edge.globals.html.safe(
          `<input type='hidden' name='_csrf' value='${ctx.request.csrfToken}'>`
        )
      },
    })

    const commit = session.commit.bind(session)
    session.commit = async () => {
      if (handedOut || tokenInBody(ctx) || written(session)) await commit()
    }
    return next()
  }
}

function written(session: HttpContext['session']) {
  if (!session.responseFlashMessages.isEmpty) return true
  return Object.keys(session.all()).some((key) => key !== CSRF_SECRET_KEY)
}

/** The token reached the response some other way (a JSON body, a template using csrfToken). */
function tokenInBody(ctx: HttpContext) {
  const token = ctx.request.csrfToken
  if (!token) return false
  const body = ctx.response.getBody()
  if (typeof body === 'string') return body.includes(token)
  if (!body || typeof body !== 'object' || body instanceof Readable || Buffer.isBuffer(body)) {
    return false
  }
  return JSON.stringify(body).includes(token)
}
