import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Dual identities: a user holds any number of (field, role) identities, one
 * of which is active at a time. Staff roles (moderator, admin) are on the user.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`CREATE TYPE identity_role AS ENUM ('master', 'apprentice')`)
    this.schema.raw(
      `CREATE TYPE identity_status AS ENUM ('active', 'pending', 'certified', 'rejected', 'more_info_requested', 'suspended')`
    )
    this.schema.raw(`CREATE TYPE staff_role AS ENUM ('moderator', 'admin')`)

    this.schema.createTable('identities', (table) => {
      table.bigIncrements('id')
      table.bigInteger('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('field_id').notNullable().references('fields.id').onDelete('RESTRICT')
      table.specificType('role', 'identity_role').notNullable()
      table.specificType('status', 'identity_status').notNullable()
      table.string('headline', 120).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.unique(['user_id', 'field_id', 'role'])
      table.index(['field_id', 'role', 'status'])
    })
    // an apprentice is active or suspended; a master moves through certification
    this.schema.raw(`
      ALTER TABLE identities ADD CONSTRAINT identities_status_fits_role CHECK (
        (role = 'apprentice' AND status IN ('active', 'suspended')) OR
        (role = 'master' AND status IN ('pending', 'certified', 'rejected', 'more_info_requested', 'suspended'))
      )`)

    this.schema.alterTable('users', (table) => {
      table.specificType('staff_role', 'staff_role').nullable()
      table
        .bigInteger('default_identity_id')
        .nullable()
        .references('identities.id')
        .onDelete('SET NULL')
    })
  }

  async down() {
    this.schema.alterTable('users', (table) => {
      table.dropColumn('default_identity_id')
      table.dropColumn('staff_role')
    })
    this.schema.dropTable('identities')
    this.schema.raw('DROP TYPE staff_role')
    this.schema.raw('DROP TYPE identity_status')
    this.schema.raw('DROP TYPE identity_role')
  }
}
