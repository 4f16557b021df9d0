import factory from '@adonisjs/lucid/factories'
import Field from '#identity/models/field'
import Identity from '#identity/models/identity'
import { UserFactory } from '#database/factories/user_factory'

export const FieldFactory = factory
  .define(Field, ({ faker }) => {
    const slug = `field-${faker.string.alphanumeric(8).toLowerCase()}`
    return {
      slug,
      nameZh: `领域${slug.slice(-4)}`,
      nameEn: `Field ${slug.slice(-4)}`,
      descriptionZh: '描述',
      descriptionEn: 'Description',
      sortOrder: 1,
      active: true,
    }
  })
  .state('inactive', (field) => {
    field.active = false
  })
  .build()

export const IdentityFactory = factory
  .define(Identity, () => ({ role: 'apprentice' as const, status: 'active' as const }))
  .relation('field', () => FieldFactory)
  .state('certifiedMaster', (identity) => {
    identity.role = 'master'
    identity.status = 'certified'
  })
  .state('pendingMaster', (identity) => {
    identity.role = 'master'
    identity.status = 'pending'
  })
  .build()

export { UserFactory }
