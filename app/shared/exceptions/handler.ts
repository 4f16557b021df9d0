import app from '@adonisjs/core/services/app'
import { type HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import type { StatusPageRange, StatusPageRenderer } from '@adonisjs/core/types/http'
import { errors as vineErrors } from '@vinejs/vine'
import { chooseLocale, useLocale } from '#shared/middleware/detect_locale_middleware'
import i18nManager from '@adonisjs/i18n/services/main'
import { localeFromAcceptLanguage } from '#shared/http/locale_choice'
import { DomainError, FormError } from '#shared/errors/domain_error'
import { varyOnHtmx, wantsFragment } from '#shared/http/htmx'

type Coded = { code?: string; status?: number; response?: { availableIn?: number } }
type I18n = ReturnType<typeof i18nManager.locale>

/** Form fields never kept in the session to refill a rejected form. */
const SECRET_FIELDS = [
  '_csrf',
  '_method',
  'password',
  'passwordConfirmation',
  'currentPassword',
  // a payout's account number (payments): never stored in a session
  'payoutAccount',
]

const isApi = (ctx: HttpContext) => ctx.request.url().startsWith('/api/')

/** API clients read errors in their Accept-Language (no language cookie); pages in the page's. */
function i18nOf(ctx: HttpContext): I18n {
  if (isApi(ctx)) return i18nManager.locale(apiLocale(ctx))
  if (!ctx.i18n) useLocale(ctx, chooseLocale(ctx))
  return ctx.i18n
}

const apiLocale = (ctx: HttpContext) =>
  localeFromAcceptLanguage(ctx.request.header('accept-language'))

/** A FormError is shown exactly like a VineJS error on that field. */
function asValidationError(error: FormError, i18n: I18n) {
  const message = i18n.t(error.messageKey, error.values)
  const validation = new vineErrors.E_VALIDATION_ERROR([
    { field: error.field, rule: 'form', message },
  ])
  validation.status = error.status
  return validation
}

/**
 * Friendly pages in the visitor's language for every error status, never a
 * stack trace outside development. htmx (asking for a fragment) and JSON
 * callers get the same status with a short message instead of a page.
 * `message` (a domain error's) replaces the status's general one.
 */
async function errorPage(
  status: number,
  error: unknown,
  ctx: HttpContext,
  message?: string,
  back?: DomainError['back'],
  prompt?: string
) {
  if (!ctx.i18n) useLocale(ctx, chooseLocale(ctx))
  const retryAfter = (error as Coded).response?.availableIn
  ctx.response.status(status)
  varyOnHtmx(ctx.response)
  if (wantsFragment(ctx.request) || ctx.request.accepts(['html', 'json']) === 'json') {
    return ctx.response.send({
      status,
      message: message ?? ctx.i18n.t(`errors.${status}.message`, { retryAfter }),
    })
  }
  const html = await ctx.view.render('pages/errors/status', {
    status,
    retryAfter,
    message,
    back,
    prompt,
    locale: ctx.i18n.locale,
  })
  return ctx.response.send(html)
}

/**
 * A domain error: its page (status, message, way on), or, when it is shown
 * `back`, the form's page again with the message flashed; htmx and JSON
 * callers get {status, message}.
 */
function renderDomainError(error: DomainError, ctx: HttpContext) {
  const message = i18nOf(ctx).t(error.messageKey, error.values)
  const wantsPage = !wantsFragment(ctx.request) && ctx.request.accepts(['html', 'json']) !== 'json'
  if (error.shownAs === 'back' && wantsPage) {
    ctx.session.flash('error', message)
    return ctx.response.redirect().back()
  }
  return errorPage(error.status, error, ctx, message, error.back)
}

/** A policy's refusal: its AuthorizationResponse may name why (a message key) and a prompt. */
type Denied = {
  response?: { translation?: { identifier: string; data?: object }; prompt?: string }
}

/**
 * A 403 page; a refusal that says why (AuthorizationResponse.t(key)) shows
 * that message, and one that carries a `prompt` (a partial's name, e.g. the
 * verify-your-email prompt) shows it too.
 */
function denialPage(error: Denied, ctx: HttpContext) {
  const denial = error.response
  const message = denial?.translation
    ? i18nOf(ctx).t(denial.translation.identifier, denial.translation.data as never)
    : undefined
  return errorPage(403, error, ctx, message, undefined, denial?.prompt)
}

type ApiError = Coded & {
  scope?: string
  messages?: { field: string; message: string }[]
  getDefaultHeaders?: () => Record<string, string | number>
}

/** Statuses with their own title and detail under `tokens.problems` in resources/lang. */
const PROBLEM_STATUSES = new Set([400, 401, 403, 404, 409, 422, 429, 500])

/**
 * Every error under /api/ as RFC 9457 problem details, in the language the
 * client asks for with Accept-Language (zh-CN without one): API clients have
 * no language cookie, and the token's owner may not be the one reading.
 */
function problemDetails(error: unknown, ctx: HttpContext) {
  const problem = error as ApiError
  const { code, messages, response } = problem
  const locale = apiLocale(ctx)
  const i18n = i18nManager.locale(locale)
  let status = code === 'E_VALIDATION_ERROR' ? 422 : (problem.status ?? 500)
  if (!(status >= 400 && status <= 599)) status = 500
  const texts = PROBLEM_STATUSES.has(status) ? status : status >= 500 ? 500 : 400
  const retryAfter = response?.availableIn

  let detail =
    error instanceof DomainError
      ? i18n.t(error.messageKey, error.values)
      : i18n.t(`tokens.problems.${texts}.detail`, { retryAfter })
  if (code === 'E_MISSING_SCOPE') {
    const { scope } = (error as DomainError).values
    ctx.response.header(
      'WWW-Authenticate',
      `Bearer realm="api", error="insufficient_scope", scope="${scope}"`
    )
  } else if (status === 401 && ctx.request.header('authorization')) {
    detail = i18n.t('tokens.problems.invalid_token')
    ctx.response.header('WWW-Authenticate', 'Bearer realm="api", error="invalid_token"')
  } else if (status === 401) {
    ctx.response.header('WWW-Authenticate', 'Bearer realm="api"')
  }
  if (status === 429 && problem.getDefaultHeaders) {
    for (const [name, value] of Object.entries(problem.getDefaultHeaders())) {
      ctx.response.header(name, String(value))
    }
  }

  const body: Record<string, unknown> = {
    type: 'about:blank',
    title: i18n.t(`tokens.problems.${texts}.title`),
    status,
    detail,
  }
  if (status === 422 && messages) {
    body.errors = messages.map(({ field, message }) => ({ field, message }))
  }
  ctx.response
    .status(status)
    .header('Content-Type', 'application/problem+json; charset=utf-8')
    .header('Content-Language', locale)
    .header('Cache-Control', 'no-store')
    .send(JSON.stringify(body))
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
    if (error instanceof FormError) error = asValidationError(error, i18nOf(ctx))
    if (isApi(ctx)) return problemDetails(error, ctx)
    if (error instanceof DomainError) return renderDomainError(error, ctx)
    const code = (error as Coded).code
    // shield redirects back on a bad CSRF token; a clear 419 page is kinder and testable
    if (code === 'E_BAD_CSRF_TOKEN') return errorPage(419, error, ctx)
    // Bouncer answers a denied form post with a redirect back; a denial is a 403 page, always
    if (code === 'E_AUTHORIZATION_FAILURE') return denialPage(error as Denied, ctx)
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

  /**
   * A domain error is an answer the user reads (a 4xx), not a fault: nothing to
   * report. A body the client stopped sending is logged as info.
   */
  async report(error: unknown, ctx: HttpContext) {
    if (error instanceof DomainError) return
    // the client went away mid-body (closed the page during an upload): worth a line, not an alarm
    if ((error as Coded).code === 'E_REQUEST_ABORTED') {
      ctx.logger.log('info', 'client aborted the request')
      return
    }
    return super.report(error, ctx)
  }
}
