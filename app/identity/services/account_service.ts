import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import hash from '@adonisjs/core/services/hash'
import { urlFor } from '@adonisjs/core/services/url_builder'
import { appUrl } from '#config/app'
import User from '#identity/models/user'
import { accountMails, type AccountMailKind } from '#identity/mails/account_mail'
import { emailTokens } from '#identity/services/email_tokens'
import { avatarStore } from '#identity/services/avatar_store'
import { loginThrottle } from '#identity/limits'
import { accountFiles } from '#identity/services/account_files'

const loginLink = () => urlFor('session.create', {}, { prefixUrl: appUrl })

/** Enqueues an account mail on `trx` (or on its own: one committed INSERT). */
function send(
  kind: AccountMailKind,
  user: User,
  to: string,
  link: string,
  trx?: TransactionClientContract
) {
  const recipient = { email: to, displayName: user.displayName, locale: user.locale }
  return accountMails.send({ kind, recipient, link }, { client: trx })
}

const LINK_ROUTES = { verify_email: 'verify.show', reset_password: 'password.reset' } as const

/** Issues a link and enqueues its mail in one transaction: no link without its mail. */
async function mailLink(
  kind: keyof typeof LINK_ROUTES,
  user: User,
  to: string,
  trx: TransactionClientContract
) {
  const token = await emailTokens.issue(user.id, kind, to, trx)
  await send(kind, user, to, urlFor(LINK_ROUTES[kind], { token }, { prefixUrl: appUrl }), trx)
}

/**
 * A new password ends every API token too: a token made by whoever knew the
 * old password (or registered the address before its owner) must not outlive
 * it. The owner is mailed when any was revoked, in the same transaction.
 */
async function revokeApiTokens(user: User, trx: TransactionClientContract) {
  const revoked = Number(
    await trx.from('auth_access_tokens').where('tokenable_id', user.id).delete()
  )
  if (revoked > 0) {
    const link = urlFor('settings.tokens', {}, { prefixUrl: appUrl })
    await send('tokens_revoked', user, user.email, link, trx)
  }
  return revoked
}

const emailTaken = async (email: string, exceptUserId?: number) => {
  const query = User.query().whereRaw('lower(email) = ?', [email.toLowerCase()])
  if (exceptUserId) query.whereNot('id', exceptUserId)
  return Boolean(await query.first())
}

/**
 * Accounts: the use cases behind sign-up, verification, password reset and
 * the account settings. Answers never reveal whether an address has an
 * account; the owner of an address learns it by mail instead.
 */
export const accountService = {
  /**
   * The same answer and the same work whether or not the address has an
   * account (timing would tell otherwise): the password is hashed either way
   * (the costly part; the model hashes a new user's), and one transaction
   * enqueues one mail, the verification link or "someone tried to sign up
   * with your address" to its owner.
   */
  async signUp(data: { email: string; password: string; displayName: string }, locale: string) {
    const existing = await User.findBy('email', data.email)
    return db.transaction(async (trx) => {
      if (existing) {
        await hash.use('scrypt').make(data.password)
        await send('already_registered', existing, existing.email, loginLink(), trx)
        return null
      }
      const user = await User.create({ ...data, locale }, { client: trx })
      await mailLink('verify_email', user, user.email, trx)
      return user
    })
  },

  /**
   * The user these credentials belong to, within the login throttle: a
   * throttled attempt is refused before the password is checked, a failure
   * counts, and the failure that locks an account mails its owner (once per
   * lockout, in their language).
   */
  async logIn(email: string, password: string, ip: string) {
    await loginThrottle.check(email, ip)
    // counted before the password is checked: parallel attempts cannot overrun a limit
    const reached = await loginThrottle.counted(email, ip)
    try {
      const user = await User.verifyCredentials(email, password)
      await loginThrottle.succeeded(email, ip)
      return user
    } catch (error) {
      if ((error as { code?: string }).code === 'E_INVALID_CREDENTIALS') {
        const locked = await loginThrottle.failed(email, ip, reached)
        const owner = locked ? await User.findBy('email', email) : null
        if (owner) {
          const link = urlFor('password.forgot', {}, { prefixUrl: appUrl })
          await send('login_locked', owner, owner.email, link)
        }
      }
      throw error
    }
  },

  /** False when there is nothing to verify any more. */
  async resendVerification(user: User) {
    if (user.isVerified) return false
    await db.transaction((trx) => mailLink('verify_email', user, user.email, trx))
    return true
  },

  /** Confirms the address in the link; for an email change this is when it takes effect. */
  async verifyEmail(token: string) {
    return db.transaction(async (trx) => {
      const consumed = await emailTokens.consume(token, 'verify_email', trx)
      if (!consumed) return null
      const user = await User.findOrFail(consumed.userId, { client: trx })
      if (user.email !== consumed.email) {
        if (await emailTaken(consumed.email, user.id)) return null
        user.email = consumed.email
      }
      user.emailVerifiedAt = DateTime.now()
      await user.save()
      return user
    })
  },

  async requestPasswordReset(email: string) {
    const user = await User.findBy('email', email)
    if (!user) return
    await db.transaction((trx) => mailLink('reset_password', user, user.email, trx))
  },

  /** A new password through the mailed link; it also ends a login lockout of the account. */
  async resetPassword(token: string, password: string) {
    const reset = await db.transaction(async (trx) => {
      const consumed = await emailTokens.consume(token, 'reset_password', trx)
      if (!consumed) return null
      const user = await User.findOrFail(consumed.userId, { client: trx })
      user.password = password
      // the link reached the mailbox, so the address is proven too
      user.emailVerifiedAt ??= DateTime.now()
      await user.save()
      await trx.from('remember_me_tokens').where('tokenable_id', user.id).delete()
      await revokeApiTokens(user, trx)
      return user
    })
    if (reset) await loginThrottle.unlockAccount(reset.email)
    return reset
  },

  async checkPassword(user: User, password: string) {
    // the signed-in user comes from the account cache, which never holds the hash
    const row = await db.from('users').where('id', user.id).select('password').first()
    return Boolean(row) && hash.verify(row.password, password)
  },

  /** Remembered devices are signed out too, except the one making the change; API tokens end. */
  async changePassword(user: User, password: string, keepRememberTokenId: number | null) {
    await db.transaction(async (trx) => {
      user.useTransaction(trx)
      user.password = password
      await user.save()
      const tokens = trx.from('remember_me_tokens').where('tokenable_id', user.id)
      if (keepRememberTokenId) tokens.whereNot('id', keepRememberTokenId)
      await tokens.delete()
      await revokeApiTokens(user, trx)
    })
  },

  /** The new address takes effect once the link sent to it is opened. */
  async requestEmailChange(user: User, email: string) {
    if (email === user.email) return
    if (await emailTaken(email, user.id)) {
      const owner = await User.findBy('email', email)
      if (owner) await send('already_registered', owner, owner.email, loginLink())
      return
    }
    await db.transaction((trx) => mailLink('verify_email', user, email, trx))
  },

  async updateProfile(
    user: User,
    data: {
      displayName: string
      bio?: string
      locale: string
      timeZone: string
      dataSaver?: boolean
    },
    avatar?: { tmpPath?: string } | null,
    removeAvatar?: boolean
  ) {
    const previousAvatar = user.avatarKey
    if (avatar?.tmpPath) user.avatarKey = await avatarStore.save(avatar.tmpPath)
    else if (removeAvatar) user.avatarKey = null
    user.merge({
      displayName: data.displayName,
      bio: data.bio ?? null,
      locale: data.locale,
      timeZone: data.timeZone,
      dataSaver: data.dataSaver === true,
    })
    await user.save()
    if (previousAvatar && previousAvatar !== user.avatarKey)
      await avatarStore.remove(previousAvatar)
  },

  /**
   * Once the other sessions have ended after a password change or reset, their
   * requests still running may have made API tokens after the change revoked
   * them: those end too (a token made later is undone by its own request,
   * which finds its session ended).
   */
  async endApiTokensMadeMeanwhile(userId: number) {
    await db.from('auth_access_tokens').where('tokenable_id', userId).delete()
  },

  /** The account goes with every file it owns (removed by a job once the deletion commits). */
  async deleteAccount(user: User) {
    await db.transaction(async (trx) => {
      const files = await accountFiles.of(user.id, trx)
      user.useTransaction(trx)
      await user.delete()
      await accountFiles.removeLater(files, trx)
    })
  },
}
