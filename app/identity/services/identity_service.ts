import db from '@adonisjs/lucid/services/db'
import Identity, { type IdentityRole } from '#identity/models/identity'
import type Field from '#identity/models/field'
import { initialsOf, type default as User } from '#identity/models/user'
import { NotYourIdentityError } from '#identity/errors'

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
  /** One query: it runs on every signed-in request (header switcher, ctx.identity). */
  async forUser(userId: number): Promise<IdentitySummary[]> {
    const rows = await db
      .from('identities')
      .join('fields', 'fields.id', 'identities.field_id')
      .where('identities.user_id', userId)
      .orderBy('identities.created_at')
      .orderBy('identities.id')
      .select(
        'identities.id',
        'identities.role',
        'identities.status',
        'identities.headline',
        'fields.id as field_id',
        'fields.slug',
        'fields.name_zh',
        'fields.name_en'
      )
    return rows.map((row) => ({
      id: row.id,
      role: row.role,
      status: row.status,
      headline: row.headline,
      field: { id: row.field_id, slug: row.slug, nameZh: row.name_zh, nameEn: row.name_en },
    }))
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
