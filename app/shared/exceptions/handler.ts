import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { chooseLocale, useLocale } from '#shared/middleware/detect_locale_middleware'

type Coded = { code?: string; status?: number; response?: { availableIn?: number } }

/** Form fields never kept in the session to refill a rejected form. */
const SECRET_FIELDS = ['_csrf', '_method', 'password', 'passwordConfirmation', 'currentPassword']

/**
 * Friendly pages in the visitor's language for every error status, never a
 * stack trace outside development. htmx and JSON callers get the same status
 * with a short message instead of a page.
 */
async function errorPage(status: number, error: unknown, ctx: HttpContext) {
  if (!ctx.i18n) useLocale(ctx, chooseLocale(ctx))
  const retryAfter = (error as Coded).response?.availableIn
  ctx.response.status(status)
  if (ctx.request.header('hx-request') || ctx.request.accepts(['html', 'json']) === 'json') {
    return ctx.response.send({
      status,
      message: ctx.i18n.t(`errors.${status}.message`, { retryAfter }),
    })
  }
  const html = await ctx.view.render('pages/errors/status', {
    status,
    retryAfter,
    locale: ctx.i18n.locale,
  })
  return ctx.response.send(html)
}

const page =
  (status: number): StatusPageRenderer =>
  (error, ctx) =>
    errorPage(status, error, ctx)

export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = app.inDev
  protected renderStatusPages = !app.inDev

  protected statusPages: Record<StatusPageRange, StatusPageRenderer> = {
    '403': page(403),
    '404': page(404),
    '419': page(419),
    '429': page(429),
    '400..499': (error, ctx) => errorPage((error as Coded).status ?? 400, error, ctx),
    '500..599': page(500),
  }

  async handle(error: unknown, ctx: HttpContext) {
    const code = (error as Coded).code
    // shield redirects back on a bad CSRF token; a clear 419 page is kinder and testable
    if (code === 'E_BAD_CSRF_TOKEN') return errorPage(419, error, ctx)
    if (code === 'E_TOO_MANY_REQUESTS') {
      const retryAfter = (error as Coded).response?.availableIn
      if (retryAfter) ctx.response.header('Retry-After', String(retryAfter))
      return errorPage(429, error, ctx)
    }
    return super.handle(error, ctx)
  }

  /** JSON callers get {status, message} like htmx, not the framework's debug shape. */
  async renderErrorAsJSON(error: any, ctx: HttpContext) {
    if (this.debug && (error.status ?? 500) >= 500) return super.renderErrorAsJSON(error, ctx)
    return errorPage(error.status ?? 500, error, ctx)
  }

  /** A rejected form is refilled from the session: never with what was typed in a password field. */
  async renderValidationErrorAsHTML(error: any, ctx: HttpContext) {
    ctx.session.flashValidationErrors(error, false)
    ctx.session.flashExcept(SECRET_FIELDS)
    return ctx.response.redirect('back', true)
  }

  async report(error: unknown, ctx: HttpContext) {
    return super.report(error, ctx)
  }
}
