import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import User from '#identity/models/user'
import Identity from '#identity/models/identity'
import Field from '#identity/models/field'
import PortfolioItem from '#identity/models/portfolio_item'
import { accountCache } from '#identity/services/account_cache'
import { fieldCatalogue } from '#identity/services/field_catalogue'
import { publicPages } from '#identity/services/public_pages'

/** What a visitor of a profile or a field page sees of a user. */
const PUBLIC_USER_COLUMNS = ['displayName', 'avatarKey', 'bio']

/** Paths to purge, worked out before a save or delete (after a delete the rows are gone). */
const pending = new WeakMap<object, string[]>()

function purgeWhatWasPending(model: { $trx?: TransactionClientContract }) {
  const paths = pending.get(model)
  pending.delete(model)
  if (paths) return publicPages.purge(paths, model.$trx)
}

async function fieldSlug(fieldId: number, client: TransactionClientContract | typeof db) {
  const row = await client.from('fields').where('id', fieldId).select('slug').first()
  return row?.slug as string | undefined
}

/**
 * An identity's row changed outside the model (a raw UPDATE or INSERT): the
 * owner's account, their profile and the field's page (its masters).
 */
export async function identityRowChanged(
  userId: number,
  fieldId: number,
  trx?: TransactionClientContract | null
) {
  const slug = await fieldSlug(fieldId, trx ?? db)
  const paths = [publicPages.profilePath(userId), ...(slug ? [publicPages.fieldPath(slug)] : [])]
  await Promise.all([accountCache.changed(userId, trx), publicPages.purge(paths, trx)])
}

/**
 * Every save or delete of a user, an identity, a field or a work, wherever
 * it comes from (a service, an ace command, a seeder), reaches the caches
 * that show it once its transaction commits: the account cache, the field
 * catalogue, and the anonymous copies of the home page, field pages and
 * profiles. Writes that bypass the models call `identityRowChanged`.
 * Registered at boot by the identity provider, in every environment.
 */
export function watchIdentityChanges() {
  for (const Model of [User, Identity, Field, PortfolioItem]) Model.boot()

  User.before('save', async (user) => {
    // nothing shows a user before they exist
    if (!user.$isPersisted || !PUBLIC_USER_COLUMNS.some((column) => column in user.$dirty)) return
    pending.set(user, await publicPages.showingUser(user.id, user.$trx ?? db))
  })
  User.before('delete', async (user) => {
    pending.set(user, await publicPages.showingUser(user.id, user.$trx ?? db))
  })
  for (const event of ['save', 'delete'] as const) {
    User.after(event, async (user) => {
      await Promise.all([accountCache.changed(user.id, user.$trx), purgeWhatWasPending(user)])
    })
  }

  for (const event of ['save', 'delete'] as const) {
    Identity.after(event, (identity) =>
      identityRowChanged(identity.userId, identity.fieldId, identity.$trx)
    )
  }

  Field.before('save', (field) => {
    const slugs = new Set([field.slug])
    if (field.$isPersisted && field.$original.slug) slugs.add(field.$original.slug)
    pending.set(field, publicPages.showingField(slugs))
  })
  Field.before('delete', (field) => {
    pending.set(field, publicPages.showingField([field.slug]))
  })
  for (const event of ['save', 'delete'] as const) {
    Field.after(event, async (field) => {
      await Promise.all([fieldCatalogue.forget(field.$trx), purgeWhatWasPending(field)])
    })
  }

  for (const event of ['save', 'delete'] as const) {
    PortfolioItem.after(event, async (item) => {
      const owner = await (item.$trx ?? db)
        .from('identities')
        .where('id', item.identityId)
        .select('user_id')
        .first()
      if (owner) await publicPages.profile(owner.user_id, item.$trx)
    })
  }
}
