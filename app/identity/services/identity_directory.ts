import db from '@adonisjs/lucid/services/db'
import User, { initialsOf } from '#identity/models/user'
import Field from '#identity/models/field'
import type { IdentityRole, IdentityStatus } from '#identity/models/identity'
import { identityService } from '#identity/services/identity_service'

/** What other modules may know of an identity: whose it is, its field, role and standing. */
export type IdentityCard = {
  id: number
  userId: number
  fieldId: number
  role: IdentityRole
  status: IdentityStatus
  headline: string | null
  displayName: string
  avatarKey: string | null
  initials: string
}

/**
 * Identities by id for the modules above identity: a course's master, an
 * enrollment's apprentice, shown with the person's shared profile.
 */
export const identityDirectory = {
  async cards(ids: number[]): Promise<Map<number, IdentityCard>> {
    const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0)
    if (!unique.length) return new Map()
    const rows = await db
      .from('identities')
      .join('users', 'users.id', 'identities.user_id')
      .whereIn('identities.id', unique)
      .select(
        'identities.id',
        'identities.user_id',
        'identities.field_id',
        'identities.role',
        'identities.status',
        'identities.headline',
        'users.display_name',
        'users.avatar_key'
      )
    return new Map(
      rows.map((row) => [
        row.id,
        {
          id: row.id,
          userId: row.user_id,
          fieldId: row.field_id,
          role: row.role,
          status: row.status,
          headline: row.headline,
          displayName: row.display_name,
          avatarKey: row.avatar_key,
          initials: initialsOf(row.display_name),
        },
      ])
    )
  },

  async card(id: number): Promise<IdentityCard | null> {
    const cards = await this.cards([id])
    return cards.get(id) ?? null
  },

  /** The user's apprentice identity in a field, if they have one (from the cached account). */
  async apprenticeOf(
    userId: number,
    fieldId: number
  ): Promise<{ id: number; status: IdentityStatus } | null> {
    const identities = await identityService.forUser(userId)
    const found = identities.find((i) => i.role === 'apprentice' && i.field.id === fieldId)
    return found ? { id: found.id, status: found.status } : null
  },

  /** The user's apprentice identities, oldest first, with their fields (from the cached account). */
  async apprenticesOf(userId: number) {
    const identities = await identityService.forUser(userId)
    return identities.filter((identity) => identity.role === 'apprentice')
  },

  /**
   * The user's apprentice identity in a field, made on the spot if they have
   * none (enrolling in a course is how many become an apprentice there).
   * Idempotent under double clicks.
   */
  async ensureApprentice(
    userId: number,
    fieldId: number
  ): Promise<{ id: number; status: IdentityStatus }> {
    const [user, field] = await Promise.all([User.findOrFail(userId), Field.findOrFail(fieldId)])
    const identity = await identityService.becomeApprentice(user, field)
    return { id: identity.id, status: identity.status }
  },
}
