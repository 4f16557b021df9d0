import User from '#identity/models/user'
import Identity from '#identity/models/identity'
import Field from '#identity/models/field'
import { accountCache } from '#identity/services/account_cache'
import { fieldCatalogue } from '#identity/services/field_catalogue'

/**
 * Every save or delete of a user, an identity or a field, wherever it comes
 * from (a service, an ace command, a seeder), tells the caches that show
 * them, once its transaction commits. Writes that bypass the models (a few
 * raw updates of `identities`) call accountCache.changed themselves.
 * Registered at boot by the identity provider, in every environment.
 */
export function watchIdentityChanges() {
  for (const Model of [User, Identity, Field]) Model.boot()

  const userChanged = (user: User) => accountCache.changed(user.id, user.$trx)
  User.after('save', userChanged)
  User.after('delete', userChanged)

  const identityChanged = (identity: Identity) =>
    accountCache.changed(identity.userId, identity.$trx)
  Identity.after('save', identityChanged)
  Identity.after('delete', identityChanged)

  const fieldChanged = (field: Field) => fieldCatalogue.forget(field.$trx)
  Field.after('save', fieldChanged)
  Field.after('delete', fieldChanged)
}
