import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Personal access tokens for the JSON API (/api/v1), in the shape the Adonis
 * access-tokens guard reads and writes. Only a hash of each token is kept;
 * `abilities` holds the token's scopes as a JSON array in text (the guard
 * parses it itself, so not a json column).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('auth_access_tokens', (table) => {
      table.bigIncrements('id')
      table.bigInteger('tokenable_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('type', 40).notNullable()
      table.string('name', 60).nullable()
      table.string('hash', 100).notNullable().unique()
      table.text('abilities').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.timestamp('expires_at', { useTz: true }).nullable()
      table.index(['tokenable_id', 'type'])
    })
  }

  async down() {
    this.schema.dropTable('auth_access_tokens')
  }
}
