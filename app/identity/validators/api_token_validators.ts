import vine from '@vinejs/vine'
import { API_SCOPES, TOKEN_EXPIRIES } from '#identity/services/api_token_service'

/** The "new token" form of the API tokens settings page. */
export const createApiTokenValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(60),
  // one ticked box may arrive as a single value rather than a list
  scopes: vine
    .array(vine.enum(API_SCOPES))
    .parse((value) => (typeof value === 'string' ? [value] : value))
    .minLength(1),
  expiry: vine.enum(TOKEN_EXPIRIES),
})
