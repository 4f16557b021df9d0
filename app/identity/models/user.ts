import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import { compose } from '@adonisjs/core/helpers'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { withAuthFinder } from '@adonisjs/auth/mixins/lucid'
import { DbRememberMeTokensProvider } from '@adonisjs/auth/session'
import { ApiTokensProvider } from '#identity/services/api_tokens_provider'

const AuthFinder = withAuthFinder(() => hash.use('scrypt'), {
  uids: ['email'],
  passwordColumnName: 'password',
})

/** The letter an avatar without a picture shows. */
export function initialsOf(displayName: string) {
  return [...displayName.trim()].slice(0, 1).join('').toUpperCase()
}

export default class User extends compose(BaseModel, AuthFinder) {
  static rememberMeTokens = DbRememberMeTokensProvider.forModel(User)
  static accessTokens = ApiTokensProvider.forModel(User, {
    table: 'auth_access_tokens',
    type: 'api_token',
    prefix: 'mgp_',
  })

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare email: string

  @column.dateTime()
  declare emailVerifiedAt: DateTime | null

  @column({ serializeAs: null })
  declare password: string

  @column()
  declare displayName: string

  @column()
  declare bio: string | null

  @column()
  declare avatarKey: string | null

  @column()
  declare locale: string

  @column()
  declare timeZone: string

  @column()
  declare staffRole: 'moderator' | 'admin' | null

  @column()
  declare defaultIdentityId: number | null

  /** "Data saver": light media (360p video) wherever the user is. */
  @column()
  declare dataSaver: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  get isAdmin() {
    return this.staffRole === 'admin'
  }

  get isStaff() {
    return Boolean(this.staffRole)
  }

  get isVerified() {
    return this.emailVerifiedAt !== null
  }

  get initials() {
    return initialsOf(this.displayName)
  }
}
