import db from '@adonisjs/lucid/services/db'
import Identity, { type IdentityRole } from '#identity/models/identity'
import type Field from '#identity/models/field'
import { initialsOf, type default as User } from '#identity/models/user'
import { NotYourIdentityError } from '#identity/errors'
import { accountCache } from '#identity/services/account_cache'
import { identityRowChanged } from '#identity/services/identity_changes'
import { fieldCatalogue } from '#identity/services/field_catalogue'

export type IdentitySummary = {
  id: number
  role: IdentityRole
  status: Identity['status']
  headline: string | null
  field: { id: number; slug: string; nameZh: string; nameEn: string }
}

export type FieldMaster = {
  userId: number
  displayName: string
  avatarKey: string | null
  initials: string
  headline: string | null
}

/**
 * Dual identities (双重身份): which identities a user holds, becoming an
 * apprentice, and which one is active.
 */
export const identityService = {
  /**
   * The user's identities, oldest first, with their fields: from the cached
   * account (account_cache.ts) and field catalogue, as on every signed-in
   * request (header switcher, ctx.identity).
   */
  async forUser(userOrId: User | number): Promise<IdentitySummary[]> {
    const [identities, fields] = await Promise.all([
      accountCache.identitiesOf(userOrId),
      fieldCatalogue.byId(),
    ])
    return identities.flatMap((identity) => {
      const field = fields.get(identity.fieldId)
      if (!field) return []
      return [
        {
          id: identity.id,
          role: identity.role,
          status: identity.status,
          headline: identity.headline,
          field: { id: field.id, slug: field.slug, nameZh: field.nameZh, nameEn: field.nameEn },
        },
      ]
    })
  },

  /** The certification application of one of the user's master identities, if any (cached). */
  async applicationIdOf(user: User, identityId: number): Promise<number | null> {
    const identities = await accountCache.identitiesOf(user)
    return identities.find((identity) => identity.id === identityId)?.applicationId ?? null
  },

  /** A field's certified masters (newest certification last), for its page. */
  async certifiedMastersOf(fieldId: number, limit = 24): Promise<FieldMaster[]> {
    const rows = await db
      .from('identities')
      .join('users', 'users.id', 'identities.user_id')
      .where({ 'identities.field_id': fieldId, 'identities.role': 'master' })
      .where('identities.status', 'certified')
      .orderBy('identities.id')
      .limit(limit)
      .select(
        'users.id as user_id',
        'users.display_name',
        'users.avatar_key',
        'identities.headline'
      )
    return rows.map((row) => ({
      userId: row.user_id,
      displayName: row.display_name,
      avatarKey: row.avatar_key,
      initials: initialsOf(row.display_name),
      headline: row.headline,
    }))
  },

  /** One click from a field page: idempotent, an existing apprentice identity is returned. */
  async becomeApprentice(user: User, field: Field) {
    // ON CONFLICT DO NOTHING: a double click cannot make two, nor fail on the unique key
    await db
      .insertQuery()
      .table('identities')
      .insert({
        user_id: user.id,
        field_id: field.id,
        role: 'apprentice',
        status: 'active',
        created_at: new Date(),
        updated_at: new Date(),
      })
      .knexQuery.onConflict(['user_id', 'field_id', 'role'])
      .ignore()
    // a raw insert: no model hook tells the caches
    await identityRowChanged(user.id, field.id)
    const identity = await Identity.findByOrFail({
      userId: user.id,
      fieldId: field.id,
      role: 'apprentice',
    })
    if (!user.defaultIdentityId) {
      user.defaultIdentityId = identity.id
      await user.save()
    }
    return identity
  },

  /** Switching: only to one of the user's own identities; remembered as the default for next login. */
  async switchTo(user: User, identityId: number) {
    const identity = await Identity.find(identityId)
    if (!identity || identity.userId !== user.id) throw new NotYourIdentityError()
    if (user.defaultIdentityId !== identity.id) {
      user.defaultIdentityId = identity.id
      await user.save()
    }
    return identity
  },
}
