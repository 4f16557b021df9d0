import type { HttpContext } from '@adonisjs/core/http'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { appUrl } from '#config/app'
import { apiTokenService } from '#identity/services/api_token_service'
import { identityService } from '#identity/services/identity_service'
import { fieldCatalogue } from '#identity/services/field_catalogue'

/**
 * The JSON API, version 1: read-only, authenticated by a personal access
 * token (the `api` guard); each action needs one scope of the token.
 */
export default class ApiV1Controller {
  /** The token's owner and their identities (scope profile:read). */
  async me({ auth }: HttpContext) {
    const user = auth.use('api').getUserOrFail()
    apiTokenService.authorize(user.currentAccessToken, 'profile:read')
    return {
      user: {
        id: user.id,
        displayName: user.displayName,
        locale: user.locale,
        timeZone: user.timeZone,
        avatarUrl: user.avatarKey
          ? urlFor('avatars.show', { key: user.avatarKey }, { prefixUrl: appUrl, qs: { s: 256 } })
          : null,
      },
      identities: await identityService.forUser(user.id),
    }
  }

  /** The active craft fields (scope fields:read). */
  async fields({ auth }: HttpContext) {
    const user = auth.use('api').getUserOrFail()
    apiTokenService.authorize(user.currentAccessToken, 'fields:read')
    // the cover is a page detail, not (yet) part of the API's field shape
    const fields = await fieldCatalogue.active()
    return { fields: fields.map(({ coverKey, ...field }) => field) }
  }
}
