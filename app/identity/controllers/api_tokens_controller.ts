import type { HttpContext } from '@adonisjs/core/http'
import { notFound } from '#shared/errors/not_found'
import { API_SCOPES, TOKEN_EXPIRIES, apiTokenService } from '#identity/services/api_token_service'
import { createApiTokenValidator } from '#identity/validators/api_token_validators'
import ApiTokenPolicy from '#identity/policies/api_token_policy'
import { sessionRegistry } from '#identity/services/session_registry'

/** The key of the flash message that carries a new token's value to the next page, once. */
const NEW_TOKEN = 'newToken'

export default class ApiTokensController {
  async index({ auth, view, response, bouncer }: HttpContext) {
    const tokens = await apiTokenService.list(auth.user!)
    // an unverified account sees the prompt to verify instead of the form
    const mayCreate = await bouncer.with(ApiTokenPolicy).allows('create')
    // a new token's value may be on this page: keep it out of every cache
    response.header('Cache-Control', 'no-store')
    return view.render('identity/settings/tokens', {
      tokens,
      scopes: API_SCOPES,
      expiries: TOKEN_EXPIRIES,
      mayCreate,
    })
  }

  async store(ctx: HttpContext) {
    const { auth, request, response, session, i18n, bouncer } = ctx
    await bouncer.with(ApiTokenPolicy).authorize('create')
    const data = await request.validateUsing(createApiTokenValidator)
    const token = await apiTokenService.create(auth.user!, data)
    // the session ended meanwhile (a password change or reset elsewhere): the token goes with it
    if (await sessionRegistry.hasEnded(ctx)) {
      await apiTokenService.revoke(auth.user!, String(token.identifier))
      return response.redirect().toRoute('session.create')
    }
    session.flash(NEW_TOKEN, { name: token.name, value: token.value!.release() })
    session.flash('success', i18n.t('tokens.created'))
    return response.redirect().toRoute('settings.tokens')
  }

  /** Only the user's own tokens can be named here; any other id is a 404. */
  async revoke({ auth, params, response, session, i18n }: HttpContext) {
    const revoked = await apiTokenService.revoke(auth.user!, params.id)
    if (!revoked) notFound()
    session.flash('success', i18n.t('tokens.revoked'))
    return response.redirect().toRoute('settings.tokens')
  }
}
